/** What only the module can do here: the kmod backend's report and delay emulation (runs in the VM suite). */
import { describe, expect, it } from 'vitest';
import type { HelperClient } from '../client.js';
import {
  apply,
  shortestRtt,
  shareHelperInFile,
  interfaceIndexes,
  link,
  node,
  runIn,
  startHelper,
  topology,
} from './harness.js';

shareHelperInFile();

/**
 * TCP throughput of several flows at once (client host → server host, address in CIDR form), in Mbit/s as
 * iperf3's receivers count it: at the same moments, so that load on the machine hits every flow alike.
 */
async function tcpMbpsAtOnce(helper: HelperClient, flows: { from: string; to: string; address: string }[]) {
  // A daemon iperf3 is listening a moment after it returns.
  for (const { to } of flows) {
    const server = await runIn(helper, to, ['sh', '-c', 'iperf3 --server --one-off --daemon && sleep 1']);
    expect(server.code).toBe(0);
  }
  const clients = await Promise.all(
    flows.map(({ from, address }) =>
      runIn(helper, from, ['iperf3', '--client', address.split('/')[0] ?? address, '--time', '5', '--omit', '1']),
    ),
  );
  return clients.map((client) => {
    expect(client.code, client.stderr).toBe(0);
    return Number(/([\d.]+) Mbits\/sec.*receiver/.exec(client.stdout)?.[1]);
  });
}

describe('link emulation over the module', () => {
  it('reports the module with its ABI as available and preferred, every parameter supported', async () => {
    const helper = startHelper();
    const version = await helper.call('helper.version', {});
    expect(version.backends.kmod).toEqual({
      available: true,
      params: { delay: true, jitter: true, loss: true, duplicate: true, rate: true },
    });
    expect(version.abi).toBeGreaterThan(0);
    expect(version.preferred).toBe('kmod');
  });

  it('delays 50 ms each way (round trip 100 ms ± 10 %), then 20 ms after a live change', async () => {
    const helper = startHelper();
    const t = topology({ nodes: [node('x'), node('y')], links: [link('x-y', 'x', 'y', { delayMs: 50 })] });
    const first = await apply(helper, t);
    expect(first.warnings).toEqual([]);
    const rtt = await shortestRtt(helper, 'x', 'y');
    expect(rtt).toBeGreaterThan(90);
    expect(rtt).toBeLessThan(110);

    const before = interfaceIndexes(first.status.hosts.x!.namespace);
    const edited = structuredClone(t);
    edited.links[0]!.params.delayMs = 20;
    const changed = await apply(helper, edited);
    expect(changed.changed).toEqual(['x-y']);
    expect(interfaceIndexes(changed.status.hosts.x!.namespace)).toEqual(before);
    const after = await shortestRtt(helper, 'x', 'y');
    expect(after).toBeGreaterThan(36);
    expect(after).toBeLessThan(44);
  });

  // The module's fast path must come back once a link's parameters are all zero again (the helper still sends
  // the queue's length). Both links carry a flow at the same time in each round, so that load on the machine
  // hits both alike.
  it('is back on the fast path after delay 50 → 0 ms: throughput within 10 % of an untouched link', async () => {
    const helper = startHelper();
    const t = topology({
      nodes: [node('x'), node('y'), node('u'), node('v')],
      links: [link('x-y', 'x', 'y', { delayMs: 50 }), link('u-v', 'u', 'v')],
    });
    await apply(helper, t);
    const edited = structuredClone(t);
    edited.links[0]!.params.delayMs = 0;
    const { status } = await apply(helper, edited);
    const addressOf = (host: string) => status.hosts[host]!.interfaces[0]!.address!;
    // Which flow starts first can favour one of them on a starved guest: each order three times; totals compared.
    const flows = [
      { from: 'x', to: 'y', address: addressOf('y') },
      { from: 'u', to: 'v', address: addressOf('v') },
    ];
    let [once, untouched] = [0, 0];
    for (let round = 0; round < 6; round++) {
      const [a = NaN, b = NaN] = await tcpMbpsAtOnce(helper, round % 2 ? [...flows].reverse() : flows);
      const [x, u] = round % 2 ? [b, a] : [a, b];
      console.log(`round ${round + 1}, TCP Mbit/s side by side: delay 50 → 0 ms ${x}, untouched ${u}`);
      once += x;
      untouched += u;
    }
    expect(once / untouched).toBeGreaterThan(0.9);
  }, 600_000);
});
