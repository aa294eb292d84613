/**
 * Switches joined like switches: a link between two switches is a trunk with parameters and a
 * state of its own, and a switch takes thousands of hosts (past a Linux bridge's 1,024 ports).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CapturedPacket, Notifications } from '../../common/protocol/helper.js';
import type { Topology } from '../../common/topology/index.js';
import type { HelperClient } from '../client.js';
import {
  acrossTheCore,
  apply,
  shortestRtt,
  BACKEND,
  closeStartedHelpers,
  echoRequestsSeen,
  leftovers,
  link,
  namespacesOf,
  nextStats,
  node,
  pings,
  refusal,
  runIn,
  startHelper,
  topology,
  unreachedByName,
  waitFor,
  LARGE_NETWORKS,
} from './harness.js';

afterEach(closeStartedHelpers);

/** Host a on switch s0, b on s`count - 1`, the switches in a row joined by trunks s0-s1, s1-s2, … */
function chain(name: string, count: number): Topology {
  const switches = Array.from({ length: count }, (_, i) => node(`s${i}`, 'switch'));
  const trunks = switches.slice(1).map((s, i) => link(`s${i}-${s.id}`, `s${i}`, s.id));
  return topology({
    name,
    nodes: [node('a'), node('b'), ...switches],
    links: [link('a-s0', 'a', 's0'), ...trunks, link(`b-s${count - 1}`, 'b', `s${count - 1}`)],
  });
}

/** Sets one link of the running document as `change` says (patch, as the CLI and the designer do). */
async function patchLink(helper: HelperClient, id: string, change: object) {
  const { topology: doc, revision } = await helper.call('network.get', {});
  const current = doc.links.find((l) => l.id === id)!;
  return helper.call('network.patch', { revision, links: [{ ...current, ...change }] });
}

/** TCP goodput from one host to another for 3 s, in Mbit/s as iperf3's receiver counts it. */
async function mbps(helper: HelperClient, from: string, to: string): Promise<number> {
  // A daemon iperf3 is listening a moment after it returns.
  expect((await runIn(helper, to, ['sh', '-c', 'iperf3 --server --one-off --daemon && sleep 1'])).code).toBe(0);
  const client = await runIn(helper, from, ['iperf3', '--client', to, '--time', '3', '--json']);
  expect(client.code, client.stderr).toBe(0);
  return (
    (JSON.parse(client.stdout) as { end: { sum_received: { bits_per_second: number } } }).end.sum_received
      .bits_per_second / 1e6
  );
}

/** Hosts h<s>x<i> on switches sw<s>, each switch joined to the core switch. */
function campus(name: string, switches: number, hostsEach: number): Topology {
  const nodes = [node('core', 'switch')];
  const links = [];
  for (let s = 0; s < switches; s++) {
    nodes.push(node(`sw${s}`, 'switch'));
    links.push(link(`sw${s}-core`, `sw${s}`, 'core'));
    for (let h = 0; h < hostsEach; h++) {
      nodes.push(node(`h${s}x${h}`));
      links.push(link(`h${s}x${h}-sw${s}`, `h${s}x${h}`, `sw${s}`));
    }
  }
  return topology({ name, nodes, links, addressPool: { ipv4: '10.0.0.0/8', subnetPrefix: 16 } });
}

describe('trunks between switches', () => {
  it('carry a ping across 20 switches and their parameters and state, per direction', async () => {
    const helper = startHelper();
    const { status } = await apply(helper, chain('trunks-chain', 20));
    const [nsA, nsB] = [status.hosts.a!.namespace, status.hosts.b!.namespace];
    expect(await pings(helper, 'a', 'b')).toBe(true);
    // Counted per direction: s9 sent the requests on to s10 and got the replies back.
    await helper.call('stats.subscribe', { hz: 10 });
    const { links } = await nextStats(helper);
    expect(links['s9-s10']).toMatchObject({ txPackets: expect.any(Number), rxPackets: expect.any(Number) });
    expect(Math.min(links['s9-s10']!.txPackets, links['s9-s10']!.rxPackets)).toBeGreaterThan(0);
    await helper.call('stats.subscribe', { hz: 0 });

    // s9 sends nothing to s10: a's requests never reach b; b's reach a, a's answers are lost.
    await patchLink(helper, 's9-s10', { directions: { 'a>b': { lossPercent: 100 } } });
    const [seenByA, seenByB] = [echoRequestsSeen(nsA), echoRequestsSeen(nsB)];
    expect((await runIn(helper, 'a', ['ping', '-c10', '-i0.05', '-W1', 'b'])).code).not.toBe(0);
    expect((await runIn(helper, 'b', ['ping', '-c10', '-i0.05', '-W1', 'a'])).code).not.toBe(0);
    expect(echoRequestsSeen(nsB) - seenByB).toBe(0);
    expect(echoRequestsSeen(nsA) - seenByA).toBe(10);

    const cut = await patchLink(helper, 's9-s10', { directions: undefined, up: false });
    expect(cut.changed).toEqual(['s9-s10']);
    expect(await pings(helper, 'a', 'b')).toBe(false);
    await patchLink(helper, 's9-s10', { up: true });
    expect(await pings(helper, 'a', 'b')).toBe(true);

    await patchLink(helper, 's9-s10', { params: { rateBps: 1_000_000 } });
    const limited = await mbps(helper, 'a', 'b');
    expect(limited).toBeGreaterThan(0.5);
    expect(limited).toBeLessThan(1.1);
    expect(await mbps(helper, 'b', 'a')).toBeLessThan(1.1);

    const { backends } = await helper.call('helper.version', {});
    if (backends[BACKEND].params.delay) {
      const before = await shortestRtt(helper, 'a', 'b', 3);
      await patchLink(helper, 's9-s10', { params: { delayMs: 50 } });
      expect(await shortestRtt(helper, 'a', 'b', 3)).toBeGreaterThan(before + 95);
    }
  });

  it('refuses switches joined in a loop, naming the links, and builds nothing', async () => {
    const helper = startHelper();
    const looped = chain('trunks-loop', 3);
    // Not read locally: that would refuse it before the helper does.
    looped.links.push({ ...looped.links[1]!, id: 's2-s0', a: { node: 's2' }, b: { node: 's0' } });
    const error = await refusal(apply(helper, looped));
    expect(error.message).toContain(
      'links s0-s1, s1-s2, s2-s0 join switches in a loop: vnet runs no spanning tree, so switches must form a tree',
    );
    expect(namespacesOf(helper.pid!)).toEqual([]);
  });

  it('puts 1,500 hosts on one switch, past a Linux bridge port limit', async () => {
    const helper = startHelper();
    await apply(helper, campus('trunks-1500', 1, 1500));
    // The first ARP request floods 1,500 ports: on a loaded machine the answer took past a ping check's 2 s.
    expect(await waitFor(() => pings(helper, 'h0x0', 'h0x1499'), 10_000)).toBe(true);
  });

  // Flooded, reports grow with the square of a segment (helper/netns/reports.ts); over the module they still are.
  it.runIf(BACKEND === 'netns')(
    "forward a host's multicast membership report to routers and other switches, not to hosts",
    async () => {
      const helper = startHelper();
      await apply(
        helper,
        topology({
          name: 'trunks-reports',
          nodes: [node('h1'), node('h2'), node('r', 'router'), node('h3'), node('s0', 'switch'), node('s1', 'switch')],
          links: [
            ...['h1', 'h2', 'r'].map((n) => link(`${n}-s0`, n, 's0')),
            link('s0-s1', 's0', 's1'),
            link('h3-s1', 'h3', 's1'),
          ],
        }),
      );
      const packets: CapturedPacket[] = [];
      helper.on('capture.packets', (n: Notifications['capture.packets']) => packets.push(...n.packets));
      const started = await helper.call('capture.start', { targets: ['h2-s0', 'r-s0', 'h3-s1'], filter: 'ip6' });
      // Joining a group, h1 reports it (MLDv2, twice); nodad: no neighbour solicitation naming the group too.
      expect(
        (await runIn(helper, 'h1', ['ip', 'addr', 'add', 'ff0e::1234/128', 'dev', 'eth0', 'autojoin', 'nodad'])).code,
      ).toBe(0);
      const group = Buffer.from('ff0e0000000000000000000000001234', 'hex');
      const reportsTo = (n: string) =>
        packets.filter(
          (p) => started.interfaces[p.interface]!.node === n && Buffer.from(p.data, 'base64').includes(group),
        ).length;
      expect(await waitFor(() => reportsTo('r') > 0)).toBe(true);
      // A switch copies a frame to every port at once: h2's and h3's copies would be in before the stop's answer.
      await helper.call('capture.stop', { capture: started.capture });
      expect({ h2: reportsTo('h2'), h3: reportsTo('h3') }).toEqual({ h2: 0, h3: 0 });
    },
  );

  it.runIf(BACKEND === 'netns' && LARGE_NETWORKS)(
    'builds 100 switches of 100 hosts joined to a core switch, every host reaching across it, and stop leaves nothing',
    // 10,000 pings by name take about 15 minutes here: each enters its host.
    { timeout: 1_800_000 },
    async () => {
      const helper = startHelper();
      const network = campus('trunks-10100', 100, 100);
      await apply(helper, network);
      expect(await unreachedByName(helper, acrossTheCore(network))).toEqual([]);
      await helper.call('network.stop', { purge: true });
      // The bridges and ports lived in the fabric namespace only: with it they are gone.
      expect(leftovers(helper.pid!)).toEqual([]);
    },
  );

  it.runIf(BACKEND === 'netns' && LARGE_NETWORKS)(
    'leaves nothing of 100 switches of 100 hosts when the helper is killed with SIGKILL',
    { timeout: 600_000 },
    async () => {
      const helper = startHelper();
      const pid = helper.pid!;
      await apply(helper, campus('trunks-10100-kill', 100, 100));
      expect(await pings(helper, 'h0x0', 'h99x99')).toBe(true);
      process.kill(pid, 'SIGKILL');
      await helper.exited();
      expect(await waitFor(() => leftovers(pid).length === 0, 180_000)).toBe(true);
    },
  );
});
