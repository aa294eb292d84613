/**
 * `npm test`: runs every registered suite (tools/test/suites.ts), installs
 * the Debian packages they need when root, and ends with one line:
 * `N passed, M failed` (`, K skipped` where any). A suite that cannot run
 * here says SKIPPED and why. The suites of one lane run one after another,
 * the lanes at once; every output line is labelled with its suite, and the
 * summary gives each suite's wall time and when it ran, then the run's.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aptGetLine, installDebs, isRoot, missingDebs } from '../deps/debian.js';
import { lineLabeller } from './lines.js';
import { emptyTally, tallyPlaywright, tallyTap, tallyVitest, type Tally } from './reports.js';
import { LANES, suites, type Suite } from './suites.js';

interface Outcome {
  suite: string;
  tally: Tally;
  note?: string;
  /** When it started and ended, in seconds since the run started: which suite spends the budget, and beside what. */
  ran?: { from: number; to: number };
}

function skipReason(suite: Suite): string | undefined {
  if (suite.needsRoot && !isRoot()) return 'needs root (network namespaces); run npm test as root';
  const missing = missingDebs(suite.debs ?? []);
  if (missing.length && !isRoot()) return `needs Debian packages; run: ${aptGetLine(missing)}`;
  return undefined;
}

function reporterArgs(suite: Suite, reportFile: string): { args: string[]; env: Record<string, string> } {
  if (suite.report === 'vitest') {
    return { args: ['--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`], env: {} };
  }
  if (suite.report === 'playwright')
    return { args: ['--reporter=list,json'], env: { PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile } };
  return { args: [], env: {} };
}

/** Runs the suite, echoing its output with its name on every line; resolves with its exit status and stdout. */
function execute(
  suite: Suite,
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | string; stdout: string }> {
  return new Promise((resolve) => {
    const [command = '', ...rest] = suite.command;
    const child = spawn(command, [...rest, ...args], {
      env: { ...process.env, ...suite.env, ...env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    const [labelOut, labelErr] = [lineLabeller(`[${suite.name}] `), lineLabeller(`[${suite.name}] `)];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      process.stdout.write(labelOut.push(chunk));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => process.stderr.write(labelErr.push(chunk)));
    const end = (status: number | string) => {
      process.stdout.write(labelOut.flush());
      process.stderr.write(labelErr.flush());
      resolve({ status, stdout });
    };
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      end(`timed out after ${suite.timeoutMinutes} min`);
    }, suite.timeoutMinutes * 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      end(code ?? `killed by ${signal}`);
    });
  });
}

function tallyOf(suite: Suite, reportFile: string, stdout: string): Tally {
  if (suite.report === 'tap') return tallyTap(stdout);
  if (!existsSync(reportFile)) return emptyTally();
  const json = readFileSync(reportFile, 'utf8');
  return suite.report === 'vitest' ? tallyVitest(json) : tallyPlaywright(json);
}

async function runSuite(suite: Suite, workDir: string, runStarted: number): Promise<Outcome> {
  const skipped = skipReason(suite);
  if (skipped) return { suite: suite.name, tally: { ...emptyTally(), skipped: 1 }, note: `SKIPPED: ${skipped}` };
  try {
    installDebs(suite.debs ?? []);
  } catch (error) {
    return {
      suite: suite.name,
      tally: { ...emptyTally(), failed: 1, failures: [`installing packages: ${String(error)}`] },
    };
  }
  console.log(`\n=== ${suite.name}: ${suite.command.join(' ')}`);
  const reportFile = join(workDir, `${suite.name}.json`);
  const { args, env } = reporterArgs(suite, reportFile);
  const since = () => (Date.now() - runStarted) / 1000;
  const from = since();
  const { status, stdout } = await execute(suite, args, env);
  const ran = { from, to: since() };
  const tally = tallyOf(suite, reportFile, stdout);
  if (status !== 0 && tally.failed === 0) {
    tally.failed++;
    tally.failures.push(`${suite.name} exited with ${status} without reporting a failed test`);
  }
  return { suite: suite.name, tally, ran };
}

/** One lane's suites, one after another. */
async function runLane(lane: Suite[], workDir: string, runStarted: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const suite of lane) outcomes.push(await runSuite(suite, workDir, runStarted));
  return outcomes;
}

const minutes = (seconds: number) => (seconds / 60).toFixed(1);

const counts = (tally: Tally) =>
  `${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ''}`;

function printSummary(outcomes: Outcome[], wallSeconds: number): number {
  const total = emptyTally();
  console.log(`\n=== summary (lanes ${LANES.join(' and ')} at once; minutes since the start in brackets)`);
  let suiteSeconds = 0;
  for (const { suite, tally, note, ran } of outcomes) {
    total.passed += tally.passed;
    total.failed += tally.failed;
    total.skipped += tally.skipped;
    const time = ran ? ` (${minutes(ran.to - ran.from)} min [${minutes(ran.from)}–${minutes(ran.to)}])` : '';
    suiteSeconds += ran ? ran.to - ran.from : 0;
    console.log(`${suite.padEnd(16)} ${note ?? counts(tally)}${time}`);
    for (const failure of tally.failures) console.log(`  FAILED ${failure}`);
  }
  console.log(
    `${counts(total)} in ${minutes(wallSeconds)} min (the suites' own times add up to ${minutes(suiteSeconds)} min)`,
  );
  return total.failed;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const chosen = only.length ? suites.filter((s) => only.includes(s.name)) : suites;
  const unknown = only.filter((name) => !suites.some((s) => s.name === name));
  if (unknown.length)
    throw new Error(`unknown suite(s): ${unknown.join(', ')}; known: ${suites.map((s) => s.name).join(', ')}`);
  const workDir = mkdtempSync(join(tmpdir(), 'vnet-test-'));
  const started = Date.now();
  const lanes = LANES.map((lane) => chosen.filter((suite) => suite.lane === lane));
  const outcomes = (await Promise.all(lanes.map((lane) => runLane(lane, workDir, started)))).flat();
  const order = (o: Outcome) => chosen.findIndex((suite) => suite.name === o.suite);
  process.exitCode =
    printSummary(
      outcomes.sort((a, b) => order(a) - order(b)),
      (Date.now() - started) / 1000,
    ) > 0
      ? 1
      : 0;
}

main().catch((error: unknown) => {
  console.error(`npm test: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
});
