/**
 * 10,000 hosts on one machine (natively, netns): 100 routers, each with a
 * switch of 100 hosts, joined by a core switch (samples/campus-10k.json).
 * It comes up, every host reaches a host across the core by name, counters stream,
 * a one-link patch applies, and network.stop or a SIGKILL of the helper
 * leaves no namespace, hosts file, record, process or mount behind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createNamespaces } from '../../native/index.js';
import { routedCampus } from '../../tools/samples/campus.js';
import { readTopology, type Topology } from '../../common/topology/index.js';
import type { HelperClient } from '../client.js';
import { teardown } from '../lifecycle.js';
import { batchEach } from '../run.js';
import {
  acrossTheCore,
  apply,
  closeStartedHelpers,
  isRunning,
  leftovers,
  namespacesOf,
  nextStats,
  pings,
  startHelper,
  unreachedByName,
  waitFor,
  LARGE_NETWORKS,
} from './harness.js';

afterEach(closeStartedHelpers);

const MINUTES = 60_000;

function campus(name: string): Topology {
  return readTopology({ ...routedCampus(), name: `${name}-${process.pid}` });
}

/** Hosts at both ends of the campus and in its middle; each pings the others by name. */
const FAR_APART = ['h1', 'h5050', 'h10000'];

/** Brings the campus up and checks it works: reach by name, counters, a patch; returns the pids started in hosts. */
async function upAndWorking(helper: HelperClient, network: Topology): Promise<number[]> {
  await apply(helper, network);
  for (const from of FAR_APART)
    for (const to of FAR_APART.filter((h) => h !== from))
      expect(await pings(helper, from, to), `${from} → ${to}`).toBe(true);

  await helper.call('stats.subscribe', { hz: 10 });
  const view = await nextStats(helper, 2);
  expect(Object.keys(view.hosts)).toHaveLength(10_100);
  expect(view.hosts.h1?.txPackets).toBeGreaterThan(0);

  const { topology, revision } = await helper.call('network.get', {});
  const link = topology.links.find((l) => l.id === 'h5050-sw51');
  if (!link) throw new Error('no link h5050-sw51');
  const patched = await helper.call('network.patch', {
    revision,
    links: [{ ...link, params: { ...link.params, rateBps: 10_000_000 } }],
  });
  expect(patched.changed).toEqual(['h5050-sw51']);

  const sleepers = await Promise.all(
    FAR_APART.map((host) => helper.call('process.exec', { host, argv: ['sleep', '1000'] })),
  );
  return sleepers.map((p) => p.pid);
}

describe.runIf(LARGE_NETWORKS)('10,100 hosts in 101 routed subnets, natively', () => {
  it(
    'comes up, reaches across, streams counters, takes a patch; network.stop leaves nothing',
    async () => {
      const helper = startHelper();
      const pid = helper.pid!;
      const network = campus('scale-stop');
      const sleepers = await upAndWorking(helper, network);
      expect(await unreachedByName(helper, acrossTheCore(network))).toEqual([]);
      await helper.call('network.stop', { purge: true });
      expect(leftovers(pid)).toEqual([]);
      expect(sleepers.filter(isRunning)).toEqual([]);
    },
    // 10,000 pings by name take about 15 minutes here: each enters its host.
    30 * MINUTES,
  );

  it(
    'leaves nothing when the helper is killed with SIGKILL',
    async () => {
      const helper = startHelper();
      const pid = helper.pid!;
      const sleepers = await upAndWorking(helper, campus('scale-kill'));
      process.kill(pid, 'SIGKILL');
      await helper.exited();
      expect(await waitFor(() => leftovers(pid).length === 0, 3 * MINUTES)).toBe(true);
      expect(sleepers.filter(isRunning)).toEqual([]);
    },
    15 * MINUTES,
  );
});

describe('batches of many namespaces', () => {
  it('reach ip whatever their size (a shell script of more than 128 KiB)', async () => {
    const names = [0, 1, 2].map((i) => `vnet-${process.pid}-batch${i}`);
    await createNamespaces(names);
    try {
      // 9,000 lines of 15 bytes a namespace: each shell's script is over 128 KiB, one argv string's limit.
      const lines = Array.from({ length: 9000 }, () => 'link set lo up');
      await batchEach(
        'ip',
        names.map((netns) => ({ netns, lines })),
      );
    } finally {
      await teardown(names);
    }
    expect(namespacesOf(process.pid)).toEqual([]);
  });
});
