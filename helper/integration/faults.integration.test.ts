import { describe, expect, it } from 'vitest';
import type { Notifications } from '../../common/protocol/helper.js';
import type { Topology } from '../../common/topology/index.js';
import type { HelperClient } from '../client.js';
import {
  apply,
  refusal,
  shareHelperInFile,
  echoRequestsSeen,
  interfaceState,
  isRunning,
  link,
  namespacesOf,
  node,
  pings,
  processesIn,
  runIn,
  sample,
  startHelper,
  topology,
  waitFor,
} from './harness.js';

shareHelperInFile();

/** Patches one link of the running document with `change`. */
async function patchLink(helper: HelperClient, id: string, change: (l: Topology['links'][number]) => object) {
  const { topology: doc, revision } = await helper.call('network.get', {});
  const current = doc.links.find((l) => l.id === id)!;
  return helper.call('network.patch', { revision, links: [{ ...current, ...change(current) }] });
}

const refused = async (call: Promise<unknown>) => (await refusal(call)).message;

const NO_CARRIER = /NO-CARRIER/;
/**
 * Whether `ip link` comes to show NO-CARRIER (or not) on a node's eth0. The kernel's link watch marks the
 * device a moment after its carrier changes (up to a second for a port of the module): waited for.
 */
const carrierShown = (namespace: string, lost: boolean) =>
  waitFor(() => NO_CARRIER.test(interfaceState(namespace, 'eth0').link) === lost);
/** Routes as configured, whatever the state of their device (the kernel marks them linkdown without carrier). */
const configured = (routes: string) => routes.replaceAll(' linkdown', '');

describe('link state', () => {
  it('cuts a cable: both ends lose carrier, keep addresses and routes, and ping fails until it is back', async () => {
    const helper = startHelper();
    const two = topology({ nodes: [node('a'), node('b')], links: [link('a-b', 'a', 'b')] });
    const { status } = await apply(helper, two);
    const ns = (id: string) => status.hosts[id]!.namespace;
    expect(await pings(helper, 'a', 'b')).toBe(true);
    const before = { a: interfaceState(ns('a'), 'eth0'), b: interfaceState(ns('b'), 'eth0') };

    const cut = await patchLink(helper, 'a-b', () => ({ up: false }));
    expect(cut.changed).toEqual(['a-b']);
    for (const id of ['a', 'b'] as const) {
      expect(await carrierShown(ns(id), true)).toBe(true);
      const now = interfaceState(ns(id), 'eth0');
      expect(now.addresses).toBe(before[id].addresses);
      expect(configured(now.routes)).toBe(configured(before[id].routes));
    }
    expect(await pings(helper, 'a', 'b')).toBe(false);

    await patchLink(helper, 'a-b', () => ({ up: true }));
    expect(await carrierShown(ns('a'), false)).toBe(true);
    expect(await carrierShown(ns('b'), false)).toBe(true);
    // The neighbours are learnt again after the carrier came back: in a loaded guest, past one probe's 2 s.
    expect(await waitFor(() => pings(helper, 'a', 'b'), 10_000)).toBe(true);
  });
});

describe('per-direction parameters', () => {
  it('drops what one side sends and nothing of what the other sends', async () => {
    const helper = startHelper();
    const two = topology({ nodes: [node('a'), node('b')], links: [link('a-b', 'a', 'b')] });
    const { status } = await apply(helper, two);
    const [nsA, nsB] = [status.hosts.a!.namespace, status.hosts.b!.namespace];
    expect(await pings(helper, 'a', 'b')).toBe(true);
    await patchLink(helper, 'a-b', () => ({ directions: { 'a>b': { lossPercent: 100 } } }));

    // b's requests reach a (b>a is clean), a's answers are lost; a's requests never reach b.
    const [seenByA, seenByB] = [echoRequestsSeen(nsA), echoRequestsSeen(nsB)];
    expect((await runIn(helper, 'b', ['ping', '-c20', '-i0.05', '-W1', 'a'])).code).not.toBe(0);
    expect((await runIn(helper, 'a', ['ping', '-c20', '-i0.05', '-W1', 'b'])).code).not.toBe(0);
    expect(echoRequestsSeen(nsA) - seenByA).toBe(20);
    expect(echoRequestsSeen(nsB) - seenByB).toBe(0);

    await patchLink(helper, 'a-b', () => ({ directions: undefined }));
    expect(await pings(helper, 'a', 'b')).toBe(true);
  });
});

describe('partitions', () => {
  it('cuts two groups apart both ways, leaves nodes in neither group alone, and heals', async () => {
    const helper = startHelper();
    await apply(helper, sample('routed'));
    const faults: Notifications['network.faults'][] = [];
    helper.on('network.faults', (f) => faults.push(f));
    expect(await pings(helper, 'web', 'client')).toBe(true);

    const state = await helper.call('network.partition', { groups: [['web'], ['client']] });
    expect(state.partitions).toEqual([
      { from: ['web'], to: ['client'] },
      { from: ['client'], to: ['web'] },
    ]);
    expect(await pings(helper, 'web', 'client')).toBe(false);
    expect(await pings(helper, 'client', 'web')).toBe(false);
    expect(await pings(helper, 'admin', 'web')).toBe(true);
    expect(await pings(helper, 'db', 'client')).toBe(true);
    expect((await helper.call('network.status', {})).faults.partitions).toHaveLength(2);

    // Partitions add up.
    await helper.call('network.partition', { groups: [['db'], ['admin']], oneway: true });
    expect(await pings(helper, 'db', 'admin')).toBe(false);
    expect(await pings(helper, 'web', 'client')).toBe(false);
    expect((await helper.call('network.status', {})).faults.partitions).toHaveLength(3);

    expect(await helper.call('network.heal', {})).toEqual({ partitions: [], crashed: [] });
    expect(await pings(helper, 'web', 'client')).toBe(true);
    expect(await pings(helper, 'db', 'admin')).toBe(true);
    expect(faults.map((f) => f.partitions.length)).toEqual([2, 3, 0]);
  });

  it('drops one way only, and keeps traffic of others routed through a router in a group', async () => {
    const helper = startHelper();
    const { status } = await apply(helper, sample('routed'));
    const ns = (id: string) => status.hosts[id]!.namespace;
    await helper.call('network.partition', { groups: [['web'], ['client']], oneway: true });
    const [seenByWeb, seenByClient] = [echoRequestsSeen(ns('web')), echoRequestsSeen(ns('client'))];
    expect(await pings(helper, 'web', 'client')).toBe(false);
    expect(await pings(helper, 'client', 'web')).toBe(false);
    // client's requests got to web (only web's answers were dropped); web's never got to client.
    expect(echoRequestsSeen(ns('web')) - seenByWeb).toBeGreaterThan(0);
    expect(echoRequestsSeen(ns('client')) - seenByClient).toBe(0);

    await helper.call('network.heal', {});
    await helper.call('network.partition', { groups: [['r1'], ['client']] });
    expect(await pings(helper, 'db', 'client')).toBe(true);
    expect(await pings(helper, 'r1', 'client')).toBe(false);
  });

  it('refuses a group that names a switch, an unknown node or a node twice, changing nothing', async () => {
    const helper = startHelper();
    await apply(helper, sample('routed'));
    const partition = (groups: [string[], string[]]) => refused(helper.call('network.partition', { groups }));
    expect(await partition([['web', 's1'], ['client']])).toMatch(/"s1" is a switch/);
    expect(await partition([['web'], ['nobody']])).toMatch(/no node "nobody"/);
    expect(
      await partition([
        ['web', 'db'],
        ['client', 'web'],
      ]),
    ).toMatch(/"web" named more than once/);
    expect((await helper.call('network.status', {})).faults).toEqual({ partitions: [], crashed: [] });
    expect(await pings(helper, 'web', 'client')).toBe(true);
  });

  it('cuts the IPv6 of dual-stack nodes as well, and heals it', async () => {
    const helper = startHelper();
    await apply(helper, sample('routed'));
    const pings6 = async (from: string, to: string) =>
      (await runIn(helper, from, ['ping', '-6', '-c1', '-w2', to])).code === 0;
    expect(await pings6('web', 'client')).toBe(true);
    await helper.call('network.partition', { groups: [['web'], ['client']] });
    expect(await pings6('web', 'client')).toBe(false);
    expect(await pings6('client', 'web')).toBe(false);
    expect(await pings6('admin', 'web')).toBe(true);
    await helper.call('network.heal', {});
    expect(await pings6('web', 'client')).toBe(true);
    expect(await pings6('client', 'web')).toBe(true);
  });
});

describe('crash and restart', () => {
  it('kills every process of the node and cuts its links; restart brings links and document processes back', async () => {
    const helper = startHelper();
    const { status } = await apply(helper, sample('seed'));
    const nsA = status.hosts.a!.namespace;
    await helper.call('process.exec', { host: 'a', argv: ['sleep', '1000'] });
    const token = `kept-${process.pid}-${Date.now()}`;
    const leave = `echo stale > /tmp/pid-file && echo ${token} >> /var/log/a.log`;
    expect((await runIn(helper, 'a', ['sh', '-c', leave])).code).toBe(0);
    const before = processesIn([nsA]);
    expect(before.length).toBeGreaterThanOrEqual(2);

    const crashed = await helper.call('node.crash', { node: 'a' });
    expect(crashed.crashed).toEqual(['a']);
    expect(await waitFor(() => !before.some(isRunning))).toBe(true);
    expect(processesIn([nsA])).toEqual([]);
    expect(await waitFor(async () => (await helper.call('process.list', { host: 'a' })).length === 0)).toBe(true);
    expect(await carrierShown(nsA, true)).toBe(true);
    expect(await refused(helper.call('process.exec', { host: 'a', argv: ['true'] }))).toMatch(/"a" has crashed/);
    expect(await pings(helper, 'b', 'a')).toBe(false);
    expect((await helper.call('network.status', {})).faults.crashed).toEqual(['a']);
    expect(await refused(helper.call('node.crash', { node: 'a' }))).toMatch(/crashed already/);

    await helper.call('node.restart', { node: 'a' });
    expect(await carrierShown(nsA, false)).toBe(true);
    const restarted = await helper.call('process.list', { host: 'a' });
    expect(restarted.map((p) => p.argv)).toEqual([['nc', '-lk', '7000']]);
    // Carrier back, the first ARP answer can take past a ping check's 2 s in a QEMU guest under load.
    expect(await waitFor(() => pings(helper, 'b', 'a'), 10_000)).toBe(true);
    expect(namespacesOf(helper.pid!)).toContain(nsA);
    // As a rebooted machine: /tmp (and /run) start empty, logs stay.
    const after = await runIn(helper, 'a', ['sh', '-c', 'test ! -e /tmp/pid-file && cat /var/log/a.log']);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain(token);
  });

  it('refuses a switch or an unknown node, naming it', async () => {
    const helper = startHelper();
    await apply(helper, sample('seed'));
    expect(await refused(helper.call('node.crash', { node: 'lan' }))).toMatch(/"lan" is a switch/);
    expect(await refused(helper.call('node.crash', { node: 'zz' }))).toMatch(/no node "zz"/);
    expect(await refused(helper.call('node.restart', { node: 'b' }))).toMatch(/"b" has not crashed/);
  });
});
