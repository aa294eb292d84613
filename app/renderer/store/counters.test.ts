import { describe, expect, it } from 'vitest';
import type { CounterTuple } from '../../../common/protocol/helper.js';
import { emptyCounters, foldStats, mergeSamples, SERIES_LENGTH } from './counters.js';

const tuple = (rxPps: number): CounterTuple => [rxPps, 0, 0, 0, 0, rxPps, 1, 0, 0];

describe('mergeSamples', () => {
  it('keeps the identity of unchanged entries and of the whole record when nothing changed', () => {
    const first = mergeSamples({}, { h1: tuple(1), h2: tuple(2) }, true);
    expect(first.h2).toEqual({
      rxPackets: 2,
      txPackets: 0,
      rxBytes: 0,
      txBytes: 0,
      drops: 0,
      rxPps: 2,
      txPps: 1,
      rxBps: 0,
      txBps: 0,
    });
    const second = mergeSamples(first, { h1: tuple(1), h2: tuple(3) }, true);
    expect(second.h1).toBe(first.h1);
    expect(second.h2).not.toBe(first.h2);
    expect(second.h2?.rxPps).toBe(3);
    expect(mergeSamples(second, { h1: tuple(1), h2: tuple(3) }, true)).toBe(second);
    expect(mergeSamples(second, {}, false)).toBe(second);
  });

  it('updates only the entries listed in a partial notification', () => {
    const first = mergeSamples({}, { h1: tuple(1), h2: tuple(2) }, true);
    const second = mergeSamples(first, { h2: tuple(0) }, false);
    expect(second.h1).toBe(first.h1);
    expect(second.h2?.rxPps).toBe(0);
  });

  it('drops entries a full notification does not list', () => {
    const both = mergeSamples({}, { h1: tuple(1), h2: tuple(2) }, true);
    expect(Object.keys(mergeSamples(both, { h1: tuple(1) }, true))).toEqual(['h1']);
    expect(Object.keys(mergeSamples(both, { h1: tuple(1), h3: tuple(2) }, true))).toEqual(['h1', 'h3']);
  });
});

describe('foldStats', () => {
  it('records series only for plotted items, bounded in length', () => {
    let slice = emptyCounters();
    for (let i = 0; i < SERIES_LENGTH + 5; i++) {
      slice = foldStats(slice, ['host:h1', 'link:l1'], { time: i, full: i === 0, hosts: { h1: tuple(i) }, links: {} });
    }
    expect(Object.keys(slice.series)).toEqual(['host:h1', 'link:l1']);
    expect(slice.series['host:h1']?.rxPps).toHaveLength(SERIES_LENGTH);
    expect(slice.series['host:h1']?.rxPps.at(-1)).toBe(SERIES_LENGTH + 4);
    expect(slice.series['link:l1']?.txPps.at(-1)).toBe(0);
    expect(slice.hostCounters.h1?.rxPps).toBe(SERIES_LENGTH + 4);
  });

  it('extends a series with the last rate while its entry is not listed, down to zero once sent', () => {
    let slice = emptyCounters();
    const ticks: Record<string, CounterTuple>[] = [{ h1: tuple(7) }, {}, { h1: tuple(0) }, {}];
    ticks.forEach((hosts, i) => (slice = foldStats(slice, ['host:h1'], { time: i, full: i === 0, hosts, links: {} })));
    expect(slice.series['host:h1']?.rxPps).toEqual([7, 7, 0, 0]);
  });
});
