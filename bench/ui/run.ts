/**
 * `npm run bench:ui`: the designer in headless Chromium (web mode, real
 * server, real helper) on the 1,000-host sample and on a 10,000-host
 * document (bench/ui/campus10k.ts). For each: the first render, then frame
 * times with the canvas idle (the baseline), while panning, and while
 * counters stream through the WebSocket at the designer's rate. The 1,000 hosts run for
 * real (netns backend): frames are recorded apart while the kernel starts them (bench/ui/traffic.ts),
 * then while a quarter of them ping; links show their rates and, toggled on, their ends'
 * interfaces and addresses; the 10,000 are not started (minutes of both cores):
 * their counters are synthetic (bench/ui/synthetic.ts): a tenth of the
 * hosts and links changing every tick. The running 1,000 hosts' view is then
 * reloaded and timed until it has attached to the network again. Prints the figures, their ratios to the idle
 * baseline, the 10,000/1,000 ratios and the verdict against the targets;
 * writes bench/results/ui.json.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { readTopology } from '../../common/topology/index.js';
import { writeCampus10k } from './campus10k.js';
import { panLeg, withDesigner } from './designer.js';
import { markStart, msSinceMarkPainted, recordFrames, VSYNC_MS, type FrameStats } from './frames.js';
import type { WebRequest } from '../../app/common/web-protocol.js';
import { routeSyntheticCounters, type SyntheticCounters } from './synthetic.js';
import { startPings, TRAFFIC, waitForQuietMachine } from './traffic.js';

const RESULTS = join(import.meta.dirname, '..', 'results', 'ui.json');
/** One 60 Hz frame for the median, two for the 95th percentile (issue 14's 16.7 and 33.4 ms). */
const FRAME_MS = Math.round(VSYNC_MS * 10) / 10;
const TARGET = { medianMs: FRAME_MS, p95Ms: 2 * FRAME_MS };
const IDLE_SECONDS = 3;
const PAN_SECONDS = 4;
const STREAM_SECONDS = 5;
/** Reloads of a view of the running 1,000 hosts, each timed until the view is attached again. */
const RELOADS = 3;
const DRAWN = '[data-testid^="node-"][data-kind]';

interface Measured {
  firstRenderMs: number;
  idle: FrameStats;
  panning: FrameStats;
  streaming: FrameStats;
  counterSource: string;
  statsEventsPerSecond: number;
  networkStartSeconds?: number;
  /**
   * Frames from the network's start until the machine is quiet: the kernel's own start of 1,000 IPv6
   * stacks takes most of both cores for seconds (not the designer's cost: not held to the target).
   */
  starting?: FrameStats;
  /** From a reload of a view of the running network until it holds the running document again, per reload. */
  reloadToAttachedMs?: number[];
}

/** Drags the empty pane back and forth, as a person exploring the network would. */
async function pan(page: Page): Promise<void> {
  const end = Date.now() + PAN_SECONDS * 1000;
  for (let leg = 0; Date.now() < end; leg++) {
    await panLeg(page, leg);
  }
}

/** Waits for the network to reach a state; a failure shows the designer's error. */
async function waitForState(page: Page, state: 'running' | 'stopped', minutes: number): Promise<void> {
  const network = page.getByTestId('network-state');
  await network
    .and(page.locator(`[data-state="${state}"], [data-state="failed"]`))
    .waitFor({ timeout: minutes * 60_000 });
  if ((await network.getAttribute('data-state')) === 'failed') {
    const banner = page.getByTestId('error-banner');
    throw new Error(`the network failed: ${(await banner.count()) ? await banner.innerText() : 'no message shown'}`);
  }
}

/** Reloads the page of a running network RELOADS times; each time until it has attached to the network again. */
async function reloadToAttached(page: Page): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RELOADS; i++) {
    const started = Date.now();
    await page.reload();
    await page.locator('[data-testid="network-state"][data-attached="true"]').waitFor({ timeout: 120_000 });
    times.push(Date.now() - started);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(
    `  ${'reload to attached'.padEnd(20)} median ${median} ms (${sorted[0]}-${sorted.at(-1)} over ${RELOADS})`,
  );
  return times;
}

/** How many nodes in view show rates, and how many of those show traffic (a rate that is not 0). */
async function movingInView(page: Page): Promise<string> {
  const labels = await page
    .locator('canvas.device-rates')
    .evaluateAll((canvases) => canvases.map((c) => c.getAttribute('aria-label') ?? ''));
  const moving = labels.filter((l) => /[1-9]/.test(l));
  return `${moving.length} of ${labels.length} nodes in view show traffic`;
}

/** Counts the stats events the page receives on its socket. */
function countStatsEvents(page: Page): { count(): number; hz(): number } {
  let events = 0;
  let hz = 0;
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string' && payload.startsWith('{"event":"stats"')) events++;
    });
    // The rate the view asks the helper for.
    socket.on('framesent', ({ payload }) => {
      const request = typeof payload === 'string' ? (JSON.parse(payload) as Partial<WebRequest>) : undefined;
      if (request?.channel === 'stats.subscribe') hz = (request.args?.[0] as { hz: number }).hz;
    });
  });
  return { count: () => events, hz: () => hz };
}

function describe(name: string, stats: FrameStats, idle?: FrameStats): string {
  const ok = stats.medianMs <= TARGET.medianMs && stats.p95Ms <= TARGET.p95Ms;
  const ratio = idle
    ? `; ×${(stats.medianMs / idle.medianMs).toFixed(2)} median, ×${(stats.p95Ms / idle.p95Ms).toFixed(2)} p95 of idle`
    : '';
  return `  ${name.padEnd(20)} median ${stats.medianMs} ms, p95 ${stats.p95Ms} ms, max ${stats.maxMs} ms, late ${stats.latePercent}% of ${stats.frames} frames${ratio} — ${ok ? 'meets' : 'misses'} target`;
}

/** One document: how a person opens it, and where its counters come from while frames are recorded. */
interface Case {
  name: string;
  open(page: Page): Promise<void>;
  /**
   * Whether the page's socket goes through the bench, for synthetic counters. A routed socket hands every
   * message to the page through a Playwright binding, which a real view does not pay: a case with a real
   * helper keeps its socket direct.
   */
  synthetic: boolean;
  stream(page: Page, synthetic?: SyntheticCounters): Promise<Streaming>;
}

/** Where a case's counters come from, and what ends its traffic once frames are recorded. */
type Streaming = Pick<Measured, 'counterSource' | 'networkStartSeconds' | 'starting'> & { stop?(): void };

const campus1000: Case = {
  name: '1,000 hosts (samples/campus-1000.json)',
  open: (page) => page.getByTestId('sample-campus-1000').click(),
  synthetic: false,
  async stream(page) {
    const started = Date.now();
    await page.getByTestId('btn-start').click();
    await waitForState(page, 'running', 10);
    const networkStartSeconds = Math.round((Date.now() - started) / 100) / 10;
    console.log(`  ${'network start'.padEnd(20)} ${networkStartSeconds} s (real helper, netns backend)`);
    let settled = 0;
    const starting = await recordFrames(page, async () => void (settled = await waitForQuietMachine()));
    console.log(describe(`kernel's start, ${settled} s`, starting));
    return {
      counterSource: `real helper (netns backend) running the sample, ${TRAFFIC}`,
      networkStartSeconds,
      starting,
      stop: startPings(1000),
    };
  },
};

function campus10kCase(path: string): Case {
  return {
    name: '10,000 hosts (bench/ui/campus10k.ts)',
    async open(page) {
      await page.getByTestId('start-open').click();
      await page.getByTestId('path-input').fill(path);
      await page.getByTestId('path-ok').click();
    },
    synthetic: true,
    async stream(_page, synthetic) {
      if (!synthetic) throw new Error('the 10,000 hosts need synthetic counters');
      synthetic.start(readTopology(JSON.parse(readFileSync(path, 'utf8'))));
      return { counterSource: 'synthetic, not started: a tenth of hosts and links change every tick' };
    },
  };
}

async function measure(test: Case): Promise<Measured> {
  let result: Measured | undefined;
  await withDesigner('vnet-bench-ui-', async ({ page, load }) => {
    const synthetic = test.synthetic ? await routeSyntheticCounters(page) : undefined;
    const stats = countStatsEvents(page);
    await load();
    console.log(test.name);
    await markStart(page);
    await test.open(page);
    // Patient: on a loaded machine 10,000 hosts took over 30 s to open.
    await page.locator(DRAWN).first().waitFor({ timeout: 120_000 });
    const firstRenderMs = Math.round(await msSinceMarkPainted(page));
    console.log(`  ${'first render'.padEnd(20)} ${firstRenderMs} ms (opened at a readable zoom)`);
    // Everything a link can show: interfaces and addresses at its ends, as well as its rates (issue 12).
    await page.keyboard.press('Control+i');
    const idle = await recordFrames(page, () => page.waitForTimeout(IDLE_SECONDS * 1000));
    console.log(describe('idle (baseline)', idle));
    const panning = await recordFrames(page, () => pan(page));
    console.log(describe('panning', panning, idle));
    const source = await test.stream(page, synthetic);
    // The page's socket events, and the synthetic ones the bench adds on its route (which the page's socket does not report).
    const received = () => stats.count() + (synthetic?.sent() ?? 0);
    const before = received();
    const streaming = await recordFrames(page, () => page.waitForTimeout(STREAM_SECONDS * 1000));
    const statsEventsPerSecond = Math.round(((received() - before) / STREAM_SECONDS) * 10) / 10;
    synthetic?.stop();
    source.stop?.();
    // The rate the view subscribed to (a routed socket's requests reach the bench, not the page's socket events).
    const hz = synthetic?.hz() ?? stats.hz();
    console.log(describe(`counters at ${hz} Hz`, streaming, idle));
    console.log(`  ${'counter updates'.padEnd(20)} ${statsEventsPerSecond} per second received by the page`);
    console.log(`  ${'rates in view'.padEnd(20)} ${await movingInView(page)}`);
    let reloadToAttachedMs: number[] | undefined;
    if (source.networkStartSeconds !== undefined) {
      reloadToAttachedMs = await reloadToAttached(page);
      await page.getByTestId('btn-stop').click();
      await waitForState(page, 'stopped', 5);
    }
    const { counterSource, networkStartSeconds, starting } = source;
    result = {
      firstRenderMs,
      idle,
      panning,
      streaming,
      statsEventsPerSecond,
      counterSource,
      networkStartSeconds,
      starting,
      reloadToAttachedMs,
    };
  });
  if (!result) throw new Error(`${test.name}: nothing measured`);
  return result;
}

function ratios(small: Measured, big: Measured) {
  const of = (pick: (m: Measured) => number) => Math.round((pick(big) / pick(small)) * 100) / 100;
  return {
    firstRender: of((m) => m.firstRenderMs),
    panningMedian: of((m) => m.panning.medianMs),
    panningP95: of((m) => m.panning.p95Ms),
    countersMedian: of((m) => m.streaming.medianMs),
    countersP95: of((m) => m.streaming.p95Ms),
  };
}

async function main(): Promise<void> {
  console.log(`target: median ≤ ${TARGET.medianMs} ms (one 60 Hz frame), p95 ≤ ${TARGET.p95Ms} ms`);
  const dir = mkdtempSync(join(tmpdir(), 'vnet-bench-ui-10k-'));
  try {
    const small = await measure(campus1000);
    const big = await measure(campus10kCase(writeCampus10k(dir)));
    const growth = ratios(small, big);
    console.log(
      `10,000/1,000: first render ×${growth.firstRender}, panning ×${growth.panningMedian} median ×${growth.panningP95} p95, counters ×${growth.countersMedian} median ×${growth.countersP95} p95`,
    );
    mkdirSync(join(RESULTS, '..'), { recursive: true });
    const result = {
      date: new Date().toISOString(),
      browser: 'headless Chromium, 60 Hz frame pacing',
      target: TARGET,
      hosts1000: small,
      hosts10000: big,
      ratio10000to1000: growth,
    };
    writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`written to ${RESULTS}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:ui: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
