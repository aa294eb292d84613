/**
 * `npm test`: runs every registered suite (tools/test/suites.ts), installs
 * the Debian packages they need when root, and ends with one line:
 * `N passed, M failed` (`, K skipped` where any). A suite that cannot run
 * here says SKIPPED and why.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aptGetLine, installDebs, isRoot, missingDebs } from '../deps/debian.js';
import { emptyTally, tallyPlaywright, tallyTap, tallyVitest, type Tally } from './reports.js';
import { suites, type Suite } from './suites.js';

interface Outcome {
  suite: string;
  tally: Tally;
  note?: string;
  /** Wall time, so the summary shows which suite spends the run's budget (30 minutes). */
  seconds?: number;
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

/** Runs the suite, echoing its output; resolves with its exit status and stdout. */
function execute(
  suite: Suite,
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | string; stdout: string }> {
  return new Promise((resolve) => {
    const [command = '', ...rest] = suite.command;
    const child = spawn(command, [...rest, ...args], {
      env: { ...process.env, ...suite.env, ...env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      process.stdout.write(chunk);
    });
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      resolve({ status: `timed out after ${suite.timeoutMinutes} min`, stdout });
    }, suite.timeoutMinutes * 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ status: code ?? `killed by ${signal}`, stdout });
    });
  });
}

function tallyOf(suite: Suite, reportFile: string, stdout: string): Tally {
  if (suite.report === 'tap') return tallyTap(stdout);
  if (!existsSync(reportFile)) return emptyTally();
  const json = readFileSync(reportFile, 'utf8');
  return suite.report === 'vitest' ? tallyVitest(json) : tallyPlaywright(json);
}

async function runSuite(suite: Suite, workDir: string): Promise<Outcome> {
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
  const started = Date.now();
  const { status, stdout } = await execute(suite, args, env);
  const seconds = (Date.now() - started) / 1000;
  const tally = tallyOf(suite, reportFile, stdout);
  if (status !== 0 && tally.failed === 0) {
    tally.failed++;
    tally.failures.push(`${suite.name} exited with ${status} without reporting a failed test`);
  }
  return { suite: suite.name, tally, seconds };
}

const minutes = (seconds: number) => `${(seconds / 60).toFixed(1)} min`;

function printSummary(outcomes: Outcome[]): number {
  const total = emptyTally();
  console.log('\n=== summary');
  let seconds = 0;
  for (const { suite, tally, note, seconds: spent } of outcomes) {
    seconds += spent ?? 0;
    total.passed += tally.passed;
    total.failed += tally.failed;
    total.skipped += tally.skipped;
    const counts = `${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ''}`;
    console.log(`${suite.padEnd(16)} ${note ?? counts}${spent === undefined ? '' : ` (${minutes(spent)})`}`);
    for (const failure of tally.failures) console.log(`  FAILED ${failure}`);
  }
  console.log(
    `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''} in ${minutes(seconds)}`,
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
  const outcomes: Outcome[] = [];
  for (const suite of chosen) outcomes.push(await runSuite(suite, workDir));
  process.exitCode = printSummary(outcomes) > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(`npm test: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
});
