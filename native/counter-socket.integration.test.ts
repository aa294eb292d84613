import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CounterSocket, createNamespaces, deleteNamespaces, linkStats, linkStatsLayout } from './index.js';
import { runIn, uniqueName } from './integration-helpers.js';

const netns = uniqueName('counters');

beforeAll(async () => {
  await createNamespaces([netns]);
  await runIn(netns, ['ip', 'link', 'set', 'lo', 'up']);
});

afterAll(async () => {
  await deleteNamespaces([netns]);
});

/** Row of one ifindex as [rxPackets, txPackets, rxBytes, txBytes, rxDropped, txDropped]. */
function rowOf(rows: Float64Array, ifindex: number): number[] {
  const layout = linkStatsLayout();
  const columns = [
    layout.rxPackets,
    layout.txPackets,
    layout.rxBytes,
    layout.txBytes,
    layout.rxDropped,
    layout.txDropped,
  ];
  for (let at = 0; at < rows.length; at += layout.width)
    if (rows[at + layout.ifindex] === ifindex) return columns.map((column) => rows[at + column] ?? NaN);
  throw new Error(`no link ${ifindex} in the rows`);
}

describe('CounterSocket', () => {
  it('reads the same counters as linkStats, again and again, links added later included', async () => {
    const socket = CounterSocket.open(netns);
    try {
      const lo = (await linkStats(netns)).find((l) => l.name === 'lo')!;
      const before = rowOf(socket.read(), lo.ifindex);
      expect((await runIn(netns, ['ping', '-c', '2', '-i', '0.2', '-W', '1', '127.0.0.1'])).code).toBe(0);
      const after = rowOf(socket.read(), lo.ifindex);
      expect(after[0]! - before[0]!).toBe(4);
      expect(after[1]! - before[1]!).toBe(4);
      const now = (await linkStats(netns)).find((l) => l.name === 'lo')!;
      expect([now.rxPackets, now.txPackets, now.rxBytes, now.txBytes]).toEqual(after.slice(0, 4));

      await runIn(netns, ['ip', 'link', 'add', 'late0', 'type', 'veth', 'peer', 'name', 'late1']);
      const late = (await linkStats(netns)).find((l) => l.name === 'late0')!;
      expect(rowOf(socket.read(), late.ifindex)).toEqual([0, 0, 0, 0, 0, 0]);
    } finally {
      socket.close();
    }
    expect(() => socket.read()).toThrow(/closed/);
  });

  it('refuses a missing namespace naming it', () => {
    const absent = uniqueName('absent');
    expect(() => CounterSocket.open(absent)).toThrow(`namespace "${absent}": open /run/netns/${absent}`);
  });
});
