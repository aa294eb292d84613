import { describe, expect, it } from 'vitest';
import type { CounterTuple } from './helper.js';
import { foldPrograms, mergeSamples, RateWindow } from './stats.js';

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

  it('carries drops by reason where the backend counts them, and no reasons where it cannot', () => {
    const kmod: CounterTuple = [5, 5, 500, 500, 7, 0, 0, 0, 0, 4, 2, 1, 0, 0, 0];
    const first = mergeSamples({}, { l1: kmod, l2: tuple(1) }, true);
    expect(first.l1).toMatchObject({
      drops: 7,
      dropsByReason: { loss: 4, queueFull: 2, noCarrier: 1, noDest: 0, partition: 0, prog: 0 },
    });
    expect(first.l2).not.toHaveProperty('dropsByReason');
    const moved: CounterTuple = [5, 5, 500, 500, 7, 0, 0, 0, 0, 3, 3, 1, 0, 0, 0];
    const second = mergeSamples(first, { l1: moved }, false);
    expect(second.l1).not.toBe(first.l1);
    expect(second.l1?.dropsByReason).toEqual({ loss: 3, queueFull: 3, noCarrier: 1, noDest: 0, partition: 0, prog: 0 });
    expect(mergeSamples(second, { l1: moved }, false)).toBe(second);
  });
});

describe('foldPrograms', () => {
  const stats = (full: boolean, programs?: Record<string, { 'a>b': Record<string, Record<string, number>> }>) => ({
    time: 0,
    full,
    hosts: {},
    links: {},
    ...(programs && { programs }),
  });

  it('takes the programs a notification carries, keeps them through those without, and drops them with a full one without', () => {
    const counted = { l1: { 'a>b': { dropped: { 0: 4 } } } };
    const first = foldPrograms({}, stats(true, counted));
    expect(first).toEqual(counted);
    expect(foldPrograms(first, stats(false))).toBe(first);
    const later = { l1: { 'a>b': { dropped: { 0: 9 } } } };
    expect(foldPrograms(first, stats(false, later))).toEqual(later);
    expect(foldPrograms(first, stats(true))).toEqual({});
  });
});

describe('RateWindow', () => {
  it('opens at the sample nearest to a second ago and drops those no later window reaches', () => {
    const window = new RateWindow<string>();
    expect(window.opening(0)).toBeUndefined();
    const dropped = [0, 100, 480, 620, 1100, 1530].map((time) => window.push(time, `at ${time}`));
    expect(window.opening(1600)?.value).toBe('at 620');
    expect(window.opening(1500)?.value).toBe('at 480');
    expect(window.opening(1200)?.value).toBe('at 480'); // less than a window kept: the oldest
    expect(dropped).toEqual([undefined, undefined, undefined, undefined, 'at 0', 'at 100']);
  });
});
