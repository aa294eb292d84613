/**
 * Point-to-point links built by the helper over vnet.ko, for bench/kmod/guest.sh to measure beside the
 * ones it builds with vnetctl: one never given parameters, one given a 50 ms delay and then 0 again (the
 * module must put it back on its fast path). Prints "link NAME SERVER_NS SERVER_IP CLIENT_NS" per link,
 * then "ready"; the network lives until stdin ends.
 *   argv: the helper bundle
 */
import { HelperClient } from '../../helper/client.js';
import { readTopology, type Topology } from '../../common/topology/index.js';

const [bundle] = process.argv.slice(2);
if (!bundle) throw new Error('usage: helper-links.ts HELPER_BUNDLE');

const host = (id: string) => ({ id, kind: 'host', name: id, position: { x: 0, y: 0 } });
/** Link ids; guest.sh's figures take the same names with underscores. */
const links = { 'helper-p2p': ['p', 'q'], 'helper-p2p-once-delayed': ['r', 's'] } as const;

function topology(onceDelayedMs: number): Topology {
  return readTopology({
    version: 1,
    nodes: Object.values(links).flatMap((ends) => ends.map(host)),
    links: Object.entries(links).map(([name, [a, b]]) => ({
      id: name,
      a: { node: a },
      b: { node: b },
      params: name === 'helper-p2p-once-delayed' ? { delayMs: onceDelayedMs } : {},
    })),
  });
}

const helper = HelperClient.start({ command: [process.execPath, bundle] });
await helper.call('network.apply', { topology: topology(50), backend: 'kmod' });
const { status } = await helper.call('network.apply', { topology: topology(0), backend: 'kmod' });
for (const [name, [client, server]] of Object.entries(links)) {
  const serverHost = status.hosts[server];
  const address = serverHost?.interfaces[0]?.address?.split('/')[0];
  const clientHost = status.hosts[client];
  if (!serverHost || !address || !clientHost) throw new Error(`the helper reported no address for ${name}`);
  console.log(`link ${name.replaceAll('-', '_')} ${serverHost.namespace} ${address} ${clientHost.namespace}`);
}
console.log('ready');
process.stdin.resume();
await new Promise((resolve) => process.stdin.once('end', resolve));
helper.close();
await helper.exited();
