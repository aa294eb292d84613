/**
 * `vnet grade LAB SUBMISSIONS...`: each student's document brought up on a
 * helper of its own (one at a time, or --parallel N at once), left to
 * settle, asked LAB's checks, torn down with its directory; one CSV row per
 * submission. A submission that cannot be read, is invalid or does not
 * start gets a row saying why and the run goes on.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Lab } from '../common/lab/schema.js';
import { formatProblems, parseTopologyText, type Topology } from '../common/topology/index.js';
import { HelperClient } from '../helper/client.js';
import { CliError, helperScript } from './daemon.js';
import { gradeCsv, type GradeRow } from './grade-csv.js';
import { readLabDocument, revealed, runLab } from './lab.js';
import { readText, requireRoot } from './network.js';
import { describeScore } from './report.js';
import { Session } from './session.js';

export interface GradeOptions {
  /** Where the CSV goes; stdout when absent. */
  csv?: string;
  parallel: number;
  /** How long a network runs before its checks (processes starting, routes being added). */
  settleMs: number;
}

/** The submission's document, or why it cannot be graded. */
function readSubmission(file: string): Topology | string {
  let text: string;
  try {
    text = readText(file);
  } catch (error) {
    return (error as Error).message;
  }
  const parsed = parseTopologyText(text);
  return parsed.ok
    ? parsed.topology
    : `not a valid vnet topology: ${formatProblems(parsed.problems).replace(/\n/g, '; ')}`;
}

/**
 * Networks are locked by name (their directories), so each runs under one of its own: the
 * submission's file name, this run's pid and its place in the list.
 */
function networkName(file: string, index: number): string {
  return `grade ${process.pid}-${index + 1} ${basename(file)}`;
}

/** Up on a helper of its own, settle, checks, down with its directory (whatever happened). */
async function gradeOne(file: string, index: number, lab: Lab, settleMs: number): Promise<GradeRow> {
  const submission = readSubmission(file);
  if (typeof submission === 'string') return { file, error: submission };
  const topology = { ...submission, name: networkName(file, index) };
  const client = HelperClient.start({ helperScript: helperScript() });
  const session = new Session(client);
  try {
    await session.call('network.apply', { topology });
    await sleep(settleMs);
    return { file, score: await runLab(session, lab, topology) };
  } catch (error) {
    return { file, error: (error as Error).message };
  } finally {
    await client.call('network.stop', { purge: true }).catch(() => undefined);
    client.close();
    await client.exited();
  }
}

/** Runs `jobs` with at most `limit` at once. */
async function inPool(jobs: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]?.();
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
}

/** The CSV's file, opened (and so checked) before anything is built. */
function openCsv(path: string): number {
  try {
    return openSync(path, 'w');
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${(error as Error).message}`, 2);
  }
}

export async function gradeCommand(labFile: string, files: readonly string[], options: GradeOptions): Promise<number> {
  // The teacher reads the rows: hidden checks are named there like the others.
  const lab = revealed(readLabDocument(labFile).lab);
  requireRoot('grade');
  const out = options.csv === undefined ? undefined : openCsv(options.csv);
  const rows: GradeRow[] = [];
  let done = 0;
  const jobs = files.map((file, i) => async () => {
    const row = await gradeOne(file, i, lab, options.settleMs);
    rows[i] = row;
    const result = 'error' in row ? `not graded: ${row.error}` : describeScore(row.score);
    console.error(`[${++done}/${files.length}] ${file}: ${result}`);
  });
  try {
    await inPool(jobs, options.parallel);
    const csv = gradeCsv(lab, rows);
    if (out === undefined) process.stdout.write(csv);
    else writeSync(out, csv);
  } finally {
    if (out !== undefined) closeSync(out);
  }
  return rows.every((row) => !('error' in row)) ? 0 : 1;
}
