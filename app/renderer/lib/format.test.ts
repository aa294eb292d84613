import { describe, expect, it } from 'vitest';
import { bitRate, compact, dropsText, grouped, packetRate } from './format.js';

describe('compact', () => {
  it('scales by thousands with one decimal below 10, four characters at most', () => {
    expect(compact(0)).toBe('0');
    expect(compact(999)).toBe('999');
    expect(compact(1234)).toBe('1.2k');
    expect(compact(14_063)).toBe('14k');
    expect(compact(99_960)).toBe('100k');
    expect(compact(123_456)).toBe('123k');
    expect(compact(999_999)).toBe('1.0M');
    expect(compact(5_600_000)).toBe('5.6M');
    expect(compact(2_000_000_000)).toBe('2.0G');
    for (let v = 1; v < 1e13; v *= 1.7) expect(compact(Math.round(v)).length).toBeLessThanOrEqual(4);
  });
});

describe('rates', () => {
  it('says packets per second with thousands separators', () => {
    expect(packetRate(1)).toBe('1 pps');
    expect(packetRate(1_234_567)).toBe('1,234,567 pps');
    expect(grouped(12_345.67)).toBe('12,345.7');
  });

  it('says bytes per second as bits per second with a prefix', () => {
    expect(bitRate(0)).toBe('0 bit/s');
    expect(bitRate(98)).toBe('784 bit/s');
    expect(bitRate(1500)).toBe('12 kbit/s');
    expect(bitRate(150)).toBe('1.2 kbit/s');
    expect(bitRate(1.25e9)).toBe('10 Gbit/s');
  });

  it('says drops by reason where there are reasons, the total otherwise', () => {
    expect(dropsText({ drops: 1200 })).toBe('1,200 dropped');
    const dropsByReason = { loss: 3, queueFull: 1, noCarrier: 0, noDest: 0, partition: 2, prog: 0 };
    expect(dropsText({ drops: 6, dropsByReason })).toBe('dropped: 3 loss, 1 queue full, 2 partition');
  });
});
