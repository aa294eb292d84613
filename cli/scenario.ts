/**
 * `vnet scenario run|validate FILE`: a scenario (common/scenario/) read
 * from its own file or from a topology document's `scenario`, checked
 * against the running network before anything changes, then played on
 * time: each step printed as it ends and written to the event log.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { formatProblems, parseTopologyText, type TopologyProblem } from '../common/topology/index.js';
import {
  nameProblems,
  planScenario,
  readScenario,
  type PlannedStep,
  type ScenarioResult,
} from '../common/scenario/plan.js';
import type { Scenario } from '../common/scenario/schema.js';
import { CliError } from './daemon.js';
import { readText } from './network.js';
import { pause } from './link.js';
import { runningDocument } from './running.js';
import { withSession, type Session } from './session.js';
import { performStep, describeAction, type StepOutcome } from './steps.js';

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
      return play(session, scenario, (event) => {
        const line = JSON.stringify(event);
        log?.write(line + '\n');
        console.log(options.json ? line : describeEvent(event));
      });
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

/** One line of the event log (and of --json output). Times are milliseconds since the start. */
export type ScenarioEvent =
  | { event: 'start'; time: string; seed?: number; steps: number }
  | ({
      event: 'step';
      index: number;
      do: string;
      what: string;
      at: number;
      started: number;
      finished: number;
    } & StepOutcome)
  | { event: 'link'; index: number; link: string; up: boolean; time: number }
  | { event: 'end'; time: number; passed: boolean; failed: number; stopped: boolean };

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`.padStart(9);
}

function describeEvent(event: ScenarioEvent): string {
  switch (event.event) {
    case 'start':
      return `scenario: ${event.steps} steps${event.seed === undefined ? '' : `, seed ${event.seed}`}`;
    case 'link':
      return `${seconds(event.time)}  [${event.index}] link ${event.link} ${event.up ? 'up' : 'down'}`;
    case 'step': {
      const verdict = event.ok ? 'ok' : `FAILED: ${event.problems.join('; ')}`;
      return `${seconds(event.started)}  [${event.index}] ${event.what}  ${verdict}`;
    }
    case 'end':
      return event.stopped
        ? 'scenario stopped'
        : event.passed
          ? 'scenario passed'
          : `scenario failed: ${event.failed} step(s)`;
  }
}

/** Plays every step at its time; a step that cannot be done stops the ones not yet started. */
async function play(session: Session, scenario: Scenario, emit: (event: ScenarioEvent) => void): Promise<number> {
  const steps = planScenario(scenario);
  const start = Date.now();
  const elapsed = () => Date.now() - start;
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  emit({ event: 'start', time: new Date(start).toISOString(), seed: scenario.seed, steps: steps.length });
  let failed = 0;
  const running: Promise<void>[] = [];
  const perform = async (planned: PlannedStep) => {
    const started = elapsed();
    const onLink = (link: string, up: boolean) =>
      emit({ event: 'link', index: planned.index, link, up, time: elapsed() });
    const outcome = await performStep(session, planned.action, { seed: scenario.seed, stop: stop.signal, onLink });
    if (!outcome.ok) failed++;
    if (outcome.error) stop.abort();
    const { action } = planned;
    emit({
      event: 'step',
      index: planned.index,
      do: action.do,
      what: describeAction(action),
      at: planned.atMs,
      started,
      finished: elapsed(),
      ...outcome,
    });
  };
  try {
    for (const planned of steps) {
      await pause(start + planned.atMs - Date.now(), stop.signal);
      if (stop.signal.aborted) break;
      const step = perform(planned);
      // Commands and flaps take their time; the schedule goes on beside them.
      if (planned.action.do === 'exec' || planned.action.do === 'link flap') running.push(step);
      else await step;
    }
    await Promise.all(running);
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  const stopped = stop.signal.aborted && failed === 0;
  emit({ event: 'end', time: elapsed(), passed: failed === 0 && !stopped, failed, stopped });
  return stopped ? 130 : failed ? 1 : 0;
}
