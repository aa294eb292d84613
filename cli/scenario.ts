/**
 * `vnet scenario run|validate FILE`: a scenario (common/scenario/) read
 * from its own file or from a topology document's `scenario`, checked
 * against the running network before anything changes, then played on
 * time (common/scenario/run.ts): each step printed as it ends and written
 * to the event log.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { formatProblems, parseTopologyText, type TopologyProblem } from '../common/topology/index.js';
import { nameProblems, readScenario, type ScenarioResult } from '../common/scenario/plan.js';
import { describeResult, formatSeconds, playScenario, type ScenarioEvent } from '../common/scenario/run.js';
import type { Scenario } from '../common/scenario/schema.js';
import { verdict } from '../common/scenario/steps.js';
import { CliError } from './daemon.js';
import { readText } from './network.js';
import { printWarnings } from './print.js';
import { runningDocument } from './running.js';
import { withSession, type Session } from './session.js';

function problemsError(file: string, problems: readonly TopologyProblem[]): CliError {
  return new CliError(`${file} is not a valid vnet scenario:\n${formatProblems(problems)}`);
}

/**
 * A scenario file (with `steps`) or a topology document with a `scenario`; a document's scenario
 * is also checked against the document's own names.
 */
function loadScenario(file: string): ScenarioResult {
  const text = readText(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: `not JSON: ${(error as Error).message}` }] };
  }
  if (typeof json === 'object' && json !== null && 'steps' in json) return readScenario(json);
  const document = parseTopologyText(text);
  if (!document.ok) return document;
  const { scenario } = document.topology;
  if (!scenario)
    return { ok: false, problems: [{ path: 'scenario', message: 'missing: the document has no scenario' }] };
  const problems = nameProblems(scenario, document.topology);
  return problems.length ? { ok: false, problems } : { ok: true, scenario };
}

function validate(file: string, json: boolean): number {
  const loaded = loadScenario(file);
  if (json) console.log(JSON.stringify(loaded.ok ? { valid: true } : { valid: false, problems: loaded.problems }));
  else if (loaded.ok) console.log(`${file}: valid scenario (${loaded.scenario.steps.length} steps)`);
  else console.error(problemsError(file, loaded.problems).message);
  return loaded.ok ? 0 : 1;
}

export interface RunOptions {
  log?: string;
  json: boolean;
}

export async function scenarioCommand(action: 'run' | 'validate', file: string, options: RunOptions): Promise<number> {
  if (action === 'validate') return validate(file, options.json);
  const loaded = loadScenario(file);
  if (!loaded.ok) throw problemsError(file, loaded.problems);
  const { scenario } = loaded;
  const log = options.log ? await openLog(options.log) : undefined;
  try {
    return await withSession(async (session) => {
      const { topology } = await runningDocument(session);
      const problems = nameProblems(scenario, topology);
      if (problems.length)
        throw new CliError(
          `${file} does not fit the running network (nothing was changed):\n${formatProblems(problems)}`,
        );
      return play(session, scenario, options, log);
    });
  } finally {
    log?.end();
    if (log) await once(log, 'close');
  }
}

async function openLog(path: string): Promise<WriteStream> {
  const stream = createWriteStream(path);
  try {
    await once(stream, 'open');
  } catch (error) {
    throw new CliError(`cannot write the log ${path}: ${(error as Error).message}`);
  }
  return stream;
}

const seconds = (ms: number) => formatSeconds(ms).padStart(9);

function describeEvent(event: Exclude<ScenarioEvent, { event: 'warning' | 'step start' }>): string {
  switch (event.event) {
    case 'start':
      return `scenario: ${event.steps} steps${event.seed === undefined ? '' : `, seed ${event.seed}`}`;
    case 'link':
      return `${seconds(event.time)}  [${event.index}] link ${event.link} ${event.up ? 'up' : 'down'}`;
    case 'step':
      return `${seconds(event.started)}  [${event.index}] ${event.what}  ${verdict(event)}`;
    case 'end':
      return describeResult(event);
  }
}

/** Prints each step as it ends and logs it; warnings go to stderr. Ctrl+C stops the run. */
async function play(session: Session, scenario: Scenario, options: RunOptions, log?: WriteStream): Promise<number> {
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const emit = (event: ScenarioEvent) => {
    if (event.event === 'warning') return printWarnings([event.message]);
    // A step is printed and logged once, as it ends (with its start time).
    if (event.event === 'step start') return;
    const line = JSON.stringify(event);
    log?.write(line + '\n');
    console.log(options.json ? line : describeEvent(event));
  };
  try {
    const result = await playScenario(session, scenario, { emit, stop: stop.signal, cwd: process.env.VNET_CWD });
    return result.stopped ? 130 : result.failed ? 1 : 0;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}
