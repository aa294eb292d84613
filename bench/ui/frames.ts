/**
 * Frame timing inside the page: a requestAnimationFrame loop records the
 * interval between frames. Headless Chromium paces frames at 60 Hz here
 * (its uncapping flags have no effect), so a frame on time takes 16.7 ms and
 * a late one shows as a longer interval.
 */
import type { Page } from 'playwright-core';

/** Runs inside the page (functions passed to page.evaluate); declared for the Node-side type check. */
declare function requestAnimationFrame(callback: (now: number) => void): number;

export interface FrameStats {
  frames: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** Share of frames that missed their 60 Hz slot (interval over 1.5 slots). */
  latePercent: number;
}

export const VSYNC_MS = 1000 / 60;

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

export function summarise(intervals: readonly number[]): FrameStats {
  const sorted = [...intervals].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  const late = sorted.filter((ms) => ms > 1.5 * VSYNC_MS).length;
  return {
    frames: sorted.length,
    medianMs: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    maxMs: round(sorted.at(-1) ?? NaN),
    latePercent: round((100 * late) / Math.max(1, sorted.length)),
  };
}

/**
 * The recorder, as page source: functions handed to page.evaluate would be
 * rewritten by the TypeScript loader (esbuild's name helpers), which the page lacks.
 */
const START_RECORDING = `(() => {
  const state = { recording: true, last: 0, intervals: [] };
  globalThis.__vnetFrames = state;
  const tick = (now) => {
    if (state.last) state.intervals.push(now - state.last);
    state.last = now;
    if (state.recording) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;
const STOP_RECORDING = `(() => {
  globalThis.__vnetFrames.recording = false;
  return globalThis.__vnetFrames.intervals;
})()`;

/** Records frame intervals while `during` runs. */
export async function recordFrames(page: Page, during: () => Promise<void>): Promise<FrameStats> {
  await page.evaluate(START_RECORDING);
  await during();
  return summarise(await page.evaluate<number[]>(STOP_RECORDING));
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
