/** What every backend must do: the seed's isolation, routed reachability, names, exact counters. */
import { describe, expect, it } from 'vitest';
import { namespacePrefix } from '../lifecycle.js';
import { linkStats } from '../../native/index.js';
import {
  apply,
  BACKEND,
  shareHelperInFile,
  link,
  nextStats,
  node,
  pings,
  runIn,
  sample,
  startHelper,
  topology,
} from './harness.js';

shareHelperInFile();

describe('the seed example', () => {
  it('delivers a message to B only, though A, B and C all listen on port 7000', async () => {
    const helper = startHelper();
    const received = new Map<number, string>();
    helper.on('process.output', (o) =>
      received.set(o.pid, (received.get(o.pid) ?? '') + Buffer.from(o.data, 'base64').toString()),
    );
    await apply(helper, sample('seed'));
    const listeners = await helper.call('process.list', {});
    expect(listeners.map((p) => p.host).sort()).toEqual(['a', 'b', 'c']);
    const pidOf = (host: string) => listeners.find((p) => p.host === host)!.pid;

    // nc may not be listening yet right after start: retry the connection briefly.
    const send = await runIn(helper, 'a', [
      'sh',
      '-c',
      'for i in 1 2 3 4 5 6 7 8 9 10; do echo hello-b | nc -N -w2 10.0.1.2 7000 && exit 0; sleep 0.3; done; exit 1',
    ]);
    expect(send.code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(received.get(pidOf('b'))).toBe('hello-b\n');
    expect(received.get(pidOf('a'))).toBeUndefined();
    expect(received.get(pidOf('c'))).toBeUndefined();
  });
});

describe('routing', () => {
  it('lets every host of three subnets reach every other across two routers', async () => {
    const helper = startHelper();
    const result = await apply(helper, sample('routed'));
    const addresses = Object.entries(result.status.hosts).flatMap(([id, h]) =>
      h.interfaces.map((i) => ({ id, address: i.address!.split('/')[0]! })),
    );
    const hosts = ['web', 'db', 'client', 'admin'];
    for (const from of hosts) {
      const targets = addresses.filter((a) => a.id !== from).map((a) => a.address);
      const script = `for a in ${targets.join(' ')}; do ping -c1 -W2 -q $a >/dev/null || echo "unreachable $a"; done`;
      const run = await runIn(helper, from, ['sh', '-c', script]);
      expect(run.stdout, `from ${from}`).toBe('');
      expect(run.code).toBe(0);
    }
  });

  it('resolves host names: ping by name works inside a host', async () => {
    const helper = startHelper();
    await apply(helper, sample('routed'));
    const run = await runIn(helper, 'web', ['ping', '-c1', '-W2', 'admin']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PING admin \(10\.20\.1\.3\)/);
  });
});

describe('counters', () => {
  it('count exactly the packets sent', async () => {
    const helper = startHelper();
    // IPv4 only: a dual-stack host reports its IPv6 multicast groups (MLD) in its first second up.
    const ipv4 = { ...link('x-y', 'x', 'y'), ip: 'ipv4' as const };
    await apply(helper, topology({ nodes: [node('x'), node('y')], links: [ipv4] }));
    const status = await helper.call('network.status', {});
    const yAddress = status.hosts.y!.interfaces[0]!.address!.split('/')[0]!;
    // Resolve ARP first so only the pings themselves are counted.
    expect((await runIn(helper, 'x', ['ping', '-c1', '-W2', yAddress])).code).toBe(0);
    await helper.call('stats.subscribe', { hz: 10 });
    const before = await nextStats(helper, 2);
    expect((await runIn(helper, 'x', ['ping', '-c', '50', '-i', '0.01', '-q', yAddress])).code).toBe(0);
    const after = await nextStats(helper, 3);
    expect(after.hosts.x!.txPackets - before.hosts.x!.txPackets).toBe(50);
    expect(after.hosts.y!.rxPackets - before.hosts.y!.rxPackets).toBe(50);
    expect(after.hosts.y!.txPackets - before.hosts.y!.txPackets).toBe(50);
    expect(after.links['x-y']!.txPackets - before.links['x-y']!.txPackets).toBe(50);
    expect(after.hosts.x!.txBytes - before.hosts.x!.txBytes).toBe(50 * 98);
  });

  // netns counts frames in eBPF where the kernel lets it: the same numbers as the devices' own, which the
  // kernel's dump reads where it does not (a host's interface counts what its fabric port sees, mirrored).
  it.runIf(BACKEND === 'netns')("equal the kernel's own counters of the hosts' interfaces", async () => {
    const helper = startHelper();
    const ipv4 = { ...link('x-y', 'x', 'y'), ip: 'ipv4' as const };
    await apply(helper, topology({ nodes: [node('x'), node('y')], links: [ipv4] }));
    const status = await helper.call('network.status', {});
    const yAddress = status.hosts.y!.interfaces[0]!.address!.split('/')[0]!;
    // Resolve y first, with a probe a second until one is answered: under the guests' load a burst of
    // five sent while ARP was still unresolved had no answer at all.
    expect(await pings(helper, 'x', yAddress)).toBe(true);
    await helper.call('stats.subscribe', { hz: 10 });
    for (const size of ['56', '1400', '3000'])
      expect((await runIn(helper, 'x', ['ping', '-c', '5', '-i', '0.01', '-s', size, '-q', yAddress])).code).toBe(0);
    const stats = await nextStats(helper, 3);
    for (const host of ['x', 'y']) {
      const eth0 = (await linkStats(`${namespacePrefix(helper.pid)}-${host}`)).find((l) => l.name === 'eth0')!;
      const { rxPackets, txPackets, rxBytes, txBytes } = stats.hosts[host]!;
      expect({ rxPackets, txPackets, rxBytes, txBytes }, host).toEqual({
        rxPackets: eth0.rxPackets,
        txPackets: eth0.txPackets,
        rxBytes: eth0.rxBytes,
        txBytes: eth0.txBytes,
      });
    }
  });
});
