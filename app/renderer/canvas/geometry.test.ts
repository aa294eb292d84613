import { describe, expect, it } from 'vitest';
import { borderPoint, loadStyle } from './geometry.js';

describe('borderPoint', () => {
  const box = { x: 0, y: 0, width: 100, height: 50 };

  it('meets the side the line leaves through', () => {
    expect(borderPoint(box, { x: 500, y: 25 })).toEqual({ x: 100, y: 25 });
    expect(borderPoint(box, { x: 50, y: -500 })).toEqual({ x: 50, y: 0 });
    expect(borderPoint(box, { x: 50 + 100, y: 25 + 100 })).toEqual({ x: 75, y: 50 });
  });

  it('stays at the centre for a zero-length line', () => {
    expect(borderPoint(box, { x: 50, y: 25 })).toEqual({ x: 50, y: 25 });
  });
});

describe('loadStyle', () => {
  it('is grey and thin when idle, thicker and hotter with load', () => {
    expect(loadStyle(0, 0)).toEqual({ colour: '#94a3b8', width: 1.5 });
    const light = loadStyle(1000, 0);
    const heavy = loadStyle(1e9, 0);
    expect(heavy.width).toBeGreaterThan(light.width);
    expect(light.colour).toBe('#16a34a');
    expect(heavy.colour).toBe('#dc2626');
  });

  it('measures against the rate limit when there is one', () => {
    expect(loadStyle(80_000, 1_000_000).colour).toBe('#d97706');
    expect(loadStyle(10_000, 1_000_000).colour).toBe('#16a34a');
  });
});
