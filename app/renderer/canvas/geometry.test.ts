import { describe, expect, it } from 'vitest';
import {
  borderPoint,
  boundsOf,
  fromOverview,
  loadStyle,
  overviewFrame,
  toOverview,
  viewAfterResize,
  visibleArea,
} from './geometry.js';

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

  it('keeps its width, in half pixels, while the load moves a little', () => {
    expect(loadStyle(1000, 0).width).toBe(loadStyle(1100, 0).width);
    for (const load of [1, 999, 123_456, 5e8]) expect(loadStyle(load, 0).width % 0.5).toBe(0);
    expect(loadStyle(1e5, 0).width).toBeLessThan(loadStyle(1e7, 0).width);
  });
});

describe('overview mapping', () => {
  const boxes = [
    { x: 0, y: 0, width: 100, height: 50 },
    { x: 900, y: 150, width: 100, height: 50 },
  ];

  it('bounds hold every box', () => {
    expect(boundsOf(boxes)).toEqual({ x: 0, y: 0, width: 1000, height: 200 });
    expect(boundsOf([])).toEqual({ x: 0, y: 0, width: 0, height: 0 });
  });

  it('fits the drawing inside the margin, centred, and maps both ways', () => {
    const frame = overviewFrame(boundsOf(boxes), { width: 160, height: 100 }, 5);
    expect(frame.scale).toBeCloseTo(0.15);
    expect(toOverview(frame, { x: 0, y: 0 })).toEqual({ x: 5, y: 35 });
    expect(toOverview(frame, { x: 1000, y: 200 })).toEqual({ x: 155, y: 65 });
    const back = fromOverview(frame, toOverview(frame, { x: 321, y: 42 }));
    expect(back.x).toBeCloseTo(321);
    expect(back.y).toBeCloseTo(42);
  });

  it('turns a React Flow transform into the flow area on screen', () => {
    expect(visibleArea([-200, 100, 2], 800, 600)).toEqual({ x: 100, y: -50, width: 400, height: 300 });
  });
});

describe('viewAfterResize', () => {
  const drawing = { x: 0, y: 0, width: 400, height: 300 };
  const tall = { width: 800, height: 600 };
  const short = { width: 800, height: 360 };

  it('fits a drawing that was all in view again, so the dock hides none of it', () => {
    expect(viewAfterResize({ x: 100, y: 100, zoom: 1 }, tall, short, drawing)).toBe('fit');
  });

  it('keeps the centre of a drawing seen in part where it was', () => {
    expect(viewAfterResize({ x: -50, y: -80, zoom: 2 }, tall, short, drawing)).toEqual({ x: -50, y: -200, zoom: 2 });
    expect(viewAfterResize({ x: -50, y: -200, zoom: 2 }, short, tall, drawing)).toEqual({ x: -50, y: -80, zoom: 2 });
  });
});
