/**
 * `npx tsx bench/ui/profile.ts [--open | --counters1k | --counters10k | --pan10k]`: where the designer's
 * time goes on the 1,000-host sample. Records a Chromium trace and a JS CPU profile over
 * CDP while panning (or, with --open, while the sample opens; with
 * --counters1k, while the sample runs and its counters stream; with
 * --counters10k, while the 10,000-host document takes synthetic counters at
 * the designer's rate, as bench:ui streams them; with --pan10k, while that
 * document pans) and prints the
 * main thread's CPU time per trace event and the heaviest JS functions; the
 * trace (for chrome://tracing) and the JS profile (for DevTools) go to bench/results/. Build the renderer with
 * `--minify false` for readable function names.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { readTopology } from '../../common/topology/index.js';
import { campus10k, writeCampus10k } from './campus10k.js';
import { panLeg, withDesigner } from './designer.js';
import { routeSyntheticCounters, type SyntheticCounters } from './synthetic.js';

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  tdur?: number;
  tid: number;
  pid: number;
  args?: { name?: string };
}
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

const RESULTS = join(import.meta.dirname, '..', 'results');
const CATEGORIES = 'devtools.timeline,disabled-by-default-devtools.timeline,blink,cc';
const PAN_LEGS = 4;
const TOP = 25;

async function pan(page: Page): Promise<void> {
  for (let leg = 0; leg < PAN_LEGS; leg++) {
    await panLeg(page, leg);
  }
}

const COUNTER_SECONDS = 5;

/** Opens the 10,000-host document, written to a file, as a user would open it. */
async function open10k(page: Page): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vnet-profile-10k-'));
  const path = writeCampus10k(dir);
  await page.getByTestId('start-open').click();
  await page.getByTestId('path-input').fill(path);
  await page.getByTestId('path-ok').click();
  await page.locator('[data-testid^="node-"][data-kind]').first().waitFor({ timeout: 120_000 });
  rmSync(dir, { recursive: true });
}

/** Opens the 10,000-host document and streams its counters for a while. */
async function streamCounters10k(page: Page, synthetic?: SyntheticCounters): Promise<() => Promise<void>> {
  if (!synthetic) throw new Error('the 10,000 hosts need synthetic counters');
  await open10k(page);
  return async () => {
    synthetic.start(readTopology(campus10k()));
    await page.waitForTimeout(COUNTER_SECONDS * 1000);
    synthetic.stop();
  };
}

async function openSample(page: Page): Promise<void> {
  await page.getByTestId('sample-campus-1000').click();
  await page.locator('[data-testid^="node-"][data-kind="host"]').first().waitFor();
}

/** Runs `during` under the tracer and the JS sampler. */
async function record(cdp: CDPSession, during: () => Promise<void>): Promise<[TraceEvent[], CpuProfile]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await during();
  await cdp.send('Tracing.end');
  await complete;
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  return [events, profile];
}

const top = (totals: Map<string, number>) => [...totals].sort((a, b) => b[1] - a[1]).slice(0, TOP);

/** CPU time of the page's main thread per event name (thread time: what the page cost, whatever else ran). */
function mainThreadTotals(events: readonly TraceEvent[]): [string, number][] {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const totals = new Map<string, number>();
  for (const e of events) {
    if (!main || e.tid !== main.tid || e.pid !== main.pid || e.ph !== 'X' || !e.dur) continue;
    totals.set(e.name, (totals.get(e.name) ?? 0) + (e.tdur ?? e.dur) / 1000);
  }
  return top(totals);
}

function selfTimes(profile: CpuProfile): [string, number][] {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = frames.get(id);
    if (!f) return;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return top(totals);
}

const print = (title: string, rows: [string, number][]) => {
  console.log(title);
  rows.forEach(([name, ms]) => console.log(`  ${ms.toFixed(1).padStart(8)}  ${name}`));
};

/** What is profiled: its name, what is done before recording, and what is recorded. */
interface Mode {
  name: string;
  /** Whether the page's socket goes through the profiler for synthetic counters (a cost a real view does not pay). */
  synthetic?: boolean;
  prepare(page: Page, synthetic?: SyntheticCounters): Promise<() => Promise<void>>;
}

/** Starts the 1,000-host sample for real and records its counters as they stream. */
async function streamCounters1k(page: Page): Promise<() => Promise<void>> {
  await openSample(page);
  await page.getByTestId('btn-start').click();
  await page.getByTestId('network-state').and(page.locator('[data-state="running"]')).waitFor({ timeout: 600_000 });
  return () => page.waitForTimeout(COUNTER_SECONDS * 1000);
}

const MODES: Record<string, Mode> = {
  '--open': { name: 'open', prepare: async (page) => () => openSample(page) },
  '--counters1k': { name: 'counters-1k', prepare: streamCounters1k },
  '--counters10k': { name: 'counters-10k', synthetic: true, prepare: streamCounters10k },
  '--pan10k': {
    name: 'pan-10k',
    prepare: async (page) => {
      await open10k(page);
      return () => pan(page);
    },
  },
};
const PANNING: Mode = {
  name: 'pan',
  prepare: async (page) => {
    await openSample(page);
    return () => pan(page);
  },
};

async function main(): Promise<void> {
  const mode = MODES[process.argv[2] ?? ''] ?? PANNING;
  await withDesigner('vnet-profile-ui-', async ({ page, load }) => {
    const cdp = await page.context().newCDPSession(page);
    const synthetic = mode.synthetic ? await routeSyntheticCounters(page) : undefined;
    await load();
    const during = await mode.prepare(page, synthetic);
    const [events, profile] = await record(cdp, during);
    const nodes = await page.locator('.react-flow__node').count();
    const edges = await page.locator('.react-flow__edge').count();
    console.log(`${mode.name}; ${nodes} nodes and ${edges} edges rendered at the end`);
    print('main thread CPU, ms per trace event:', mainThreadTotals(events));
    print('JS self time, ms:', selfTimes(profile));
    mkdirSync(RESULTS, { recursive: true });
    const file = join(RESULTS, `ui-${mode.name}-trace.json`);
    writeFileSync(file, JSON.stringify({ traceEvents: events }));
    writeFileSync(file.replace('-trace.json', '-cpu.json'), JSON.stringify(profile));
    console.log(`trace written to ${file}`);
  });
}

main().catch((error: unknown) => {
  console.error(`profile: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
