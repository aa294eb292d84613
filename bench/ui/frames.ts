/**
 * Frame timing inside the page: a requestAnimationFrame loop records the
 * interval between frames. Chromium runs with its frame-rate limit off, so
 * an interval is what one frame really cost, not the display's 16.7 ms.
 */
import type { Page } from 'playwright-core';

/** Runs inside the page (functions passed to page.evaluate); declared for the Node-side type check. */
declare function requestAnimationFrame(callback: (now: number) => void): number;

export interface FrameStats {
  frames: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

export const UNCAPPED_FRAME_RATE_ARGS = ['--disable-gpu-vsync', '--disable-frame-rate-limit'];

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

export function summarise(intervals: readonly number[]): FrameStats {
  const sorted = [...intervals].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    frames: sorted.length,
    medianMs: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    maxMs: round(sorted.at(-1) ?? NaN),
  };
}

/** Records frame intervals while `during` runs. */
export async function recordFrames(page: Page, during: () => Promise<void>): Promise<FrameStats> {
  await page.evaluate(() => {
    const state = { recording: true, last: 0, intervals: [] as number[] };
    (globalThis as unknown as { __vnetFrames: typeof state }).__vnetFrames = state;
    const tick = (now: number) => {
      if (state.last) state.intervals.push(now - state.last);
      state.last = now;
      if (state.recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await during();
  const intervals = await page.evaluate(() => {
    const state = (globalThis as unknown as { __vnetFrames: { recording: boolean; intervals: number[] } }).__vnetFrames;
    state.recording = false;
    return state.intervals;
  });
  return summarise(intervals);
}

/** Milliseconds from the mark set by `markStart` until two frames after now (the drawing is on screen). */
export async function markStart(page: Page): Promise<void> {
  await page.evaluate(() => ((globalThis as unknown as { __vnetT0: number }).__vnetT0 = performance.now()));
}

export function msSinceMarkPainted(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() =>
            resolve(performance.now() - (globalThis as unknown as { __vnetT0: number }).__vnetT0),
          ),
        ),
      ),
  );
}
