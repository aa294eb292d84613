/**
 * `npm run bench:ui`: the designer in headless Chromium (web mode, real
 * server, real helper) on the 1,000-host sample. Measures the first render,
 * then frame times while panning and while live counters stream at 10 Hz
 * from the running network. Prints the figures against the targets and
 * writes bench/results/ui.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startWebServer } from '../../app/main/web.js';
import { markStart, msSinceMarkPainted, recordFrames, UNCAPPED_FRAME_RATE_ARGS, type FrameStats } from './frames.js';

const RESULTS = join(import.meta.dirname, '..', 'results', 'ui.json');
const TARGET = { medianMs: 16, p95Ms: 33 };
const PAN_SECONDS = 4;
const STREAM_SECONDS = 5;
const HOSTS = '[data-testid^="node-"][data-kind="host"]';

async function firstRenderMs(page: Page): Promise<number> {
  await markStart(page);
  await page.getByTestId('sample-campus-1000').click();
  await page.locator(HOSTS).first().waitFor();
  return msSinceMarkPainted(page);
}

/** Drags the empty pane back and forth, as a person exploring the network would. */
async function pan(page: Page): Promise<void> {
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('the canvas is not visible');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const end = Date.now() + PAN_SECONDS * 1000;
  for (let leg = 0; Date.now() < end; leg++) {
    const dx = leg % 2 ? 400 : -400;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + dx, y + dx / 4, { steps: 40 });
    await page.mouse.up();
  }
}

async function startNetwork(page: Page): Promise<number> {
  const started = Date.now();
  await page.getByTestId('btn-start').click();
  await page
    .getByTestId('network-state')
    .and(page.locator('[data-state="running"]'))
    .waitFor({ timeout: 10 * 60_000 });
  return (Date.now() - started) / 1000;
}

function verdict(stats: FrameStats): string {
  const ok = stats.medianMs <= TARGET.medianMs && stats.p95Ms <= TARGET.p95Ms;
  return `median ${stats.medianMs} ms, p95 ${stats.p95Ms} ms, max ${stats.maxMs} ms over ${stats.frames} frames (${ok ? 'meets' : 'misses'} the ${TARGET.medianMs}/${TARGET.p95Ms} ms target)`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vnet-bench-ui-'));
  const server = await startWebServer({ configDir: join(dir, 'config'), print: false });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...UNCAPPED_FRAME_RATE_ARGS,
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(server.url);
    await page.getByTestId('start-screen').waitFor();

    const renderMs = Math.round(await firstRenderMs(page));
    console.log(`first render of the 1,000-host sample: ${renderMs} ms`);
    const panning = await recordFrames(page, () => pan(page));
    console.log(`panning: ${verdict(panning)}`);

    const startSeconds = await startNetwork(page);
    console.log(`network of 1,000 hosts started by the real helper in ${startSeconds.toFixed(1)} s`);
    const streaming = await recordFrames(page, () => page.waitForTimeout(STREAM_SECONDS * 1000));
    console.log(`counters streaming at 10 Hz: ${verdict(streaming)}`);
    await page.getByTestId('btn-stop').click();
    await page
      .getByTestId('network-state')
      .and(page.locator('[data-state="stopped"]'))
      .waitFor({ timeout: 5 * 60_000 });

    mkdirSync(join(RESULTS, '..'), { recursive: true });
    const result = {
      date: new Date().toISOString(),
      browser: `Chromium ${browser.version()} headless, frame-rate limit off`,
      sample: 'campus-1000',
      counterSource: 'real helper (netns backend), network.apply of the sample, stats.subscribe at 10 Hz',
      target: TARGET,
      firstRenderMs: renderMs,
      networkStartSeconds: startSeconds,
      panning,
      streaming,
    };
    writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`written to ${RESULTS}`);
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:ui: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
