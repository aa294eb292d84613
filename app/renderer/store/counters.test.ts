import { describe, expect, it } from 'vitest';
import type { CounterSample } from '../../../common/protocol/helper.js';
import { emptyCounters, foldStats, mergeSamples, SERIES_LENGTH } from './counters.js';

const sample = (rxPps: number): CounterSample => ({
  rxPackets: rxPps,
  txPackets: 0,
  rxBytes: 0,
  txBytes: 0,
  drops: 0,
  rxPps,
  txPps: 1,
  rxBps: 0,
  txBps: 0,
});

describe('mergeSamples', () => {
  it('keeps the identity of unchanged entries and of the whole record when nothing changed', () => {
    const first = mergeSamples({}, { h1: sample(1), h2: sample(2) });
    const second = mergeSamples(first, { h1: sample(1), h2: sample(3) });
    expect(second.h1).toBe(first.h1);
    expect(second.h2).not.toBe(first.h2);
    expect(second.h2?.rxPps).toBe(3);
    expect(mergeSamples(second, { h1: sample(1), h2: sample(3) })).toBe(second);
  });

  it('drops entries that are gone', () => {
    expect(mergeSamples({ h1: sample(1), h2: sample(2) }, { h1: sample(1) })).toEqual({ h1: sample(1) });
  });
});

describe('foldStats', () => {
  it('records series only for plotted items, bounded in length', () => {
    let slice = emptyCounters();
    for (let i = 0; i < SERIES_LENGTH + 5; i++) {
      slice = foldStats(slice, ['host:h1', 'link:l1'], { time: i, hosts: { h1: sample(i) }, links: {} });
    }
    expect(Object.keys(slice.series)).toEqual(['host:h1', 'link:l1']);
    expect(slice.series['host:h1']?.rxPps).toHaveLength(SERIES_LENGTH);
    expect(slice.series['host:h1']?.rxPps.at(-1)).toBe(SERIES_LENGTH + 4);
    expect(slice.series['link:l1']?.txPps.at(-1)).toBe(0);
    expect(slice.hostCounters.h1?.rxPps).toBe(SERIES_LENGTH + 4);
  });
});
