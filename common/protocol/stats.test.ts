import { describe, expect, it } from 'vitest';
import type { CounterTuple } from './helper.js';
import { mergeSamples } from './stats.js';

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
