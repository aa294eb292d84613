import { describe, expect, it } from 'vitest';
import type { CounterTuple } from '../../../common/protocol/helper.js';
import { emptyCounters, foldStats, HISTORY_MS, POINT_EVERY_MS } from './counters.js';

const tuple = (rxPps: number): CounterTuple => [rxPps, 0, 0, 0, 0, rxPps, 1, 0, 0];

describe('foldStats', () => {
  it('records series only for plotted items, a point every half second, back HISTORY_MS at most', () => {
    let slice = emptyCounters();
    const ticks = HISTORY_MS / 100 + 50; // 10 Hz, five seconds past the history
    for (let i = 0; i < ticks; i++) {
      const stats = { time: i * 100, full: i === 0, hosts: { h1: tuple(i) }, links: {} };
      slice = foldStats(slice, ['host:h1', 'link:l1'], stats);
    }
    expect(Object.keys(slice.series)).toEqual(['host:h1', 'link:l1']);
    const { time = [], rxPps = [] } = slice.series['host:h1'] ?? {};
    expect(time).toHaveLength(HISTORY_MS / POINT_EVERY_MS);
    expect((time.at(-1) ?? 0) - (time[0] ?? 0)).toBeLessThan(HISTORY_MS);
    expect(rxPps.at(-1)).toBe(ticks - 5);
    expect(rxPps).toHaveLength(time.length);
    expect(slice.series['link:l1']?.txPps.at(-1)).toBe(0);
    expect(slice.hostCounters.h1?.rxPps).toBe(ticks - 1);
  });

  it('extends a series with the last rate while its entry is not listed, down to zero once sent', () => {
    let slice = emptyCounters();
    const ticks: Record<string, CounterTuple>[] = [{ h1: tuple(7) }, {}, { h1: tuple(0) }, {}];
    ticks.forEach(
      (hosts, i) =>
        (slice = foldStats(slice, ['host:h1'], { time: i * POINT_EVERY_MS, full: i === 0, hosts, links: {} })),
    );
    expect(slice.series['host:h1']?.rxPps).toEqual([7, 7, 0, 0]);
  });
});

describe('a partial tick', () => {
  it('writes the entries it lists into the record, not into a copy of all 10,000', () => {
    const hosts = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`h${i}`, tuple(1)]));
    let slice = foldStats(emptyCounters(), [], { time: 0, full: true, hosts, links: {} });
    const untouched = slice.hostCounters.h2;
    const record = slice.hostCounters;
    slice = foldStats(slice, [], { time: 1, full: false, hosts: { h1: tuple(9), new: tuple(3) }, links: {} });
    expect(slice.hostCounters.h1?.rxPps).toBe(9);
    expect(slice.hostCounters.new?.rxPps).toBe(3);
    expect(slice.hostCounters.h2).toBe(untouched);
    expect(slice.hostCounters).toBe(record);
    expect(Object.keys(slice.hostCounters)).toHaveLength(10_001);
    // The empty records a slice starts from are never written to.
    foldStats(emptyCounters(), [], { time: 2, full: false, hosts: { h1: tuple(1) }, links: {} });
    expect(emptyCounters().hostCounters).toEqual({});
  });
});
