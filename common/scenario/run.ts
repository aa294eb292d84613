/**
 * A scenario played against the running network: every step at its time
 * (the lag between when it was due and when it started is in its events),
 * commands and flaps beside the schedule, until the end or a stop. The
 * command line and the designer both run scenarios here and only show the
 * events their own way (the CLI prints and logs them, the designer marks
 * the steps on its timeline).
 */
import { RPC_ERRORS } from '../protocol/helper.js';
import { refusalCode, type HelperCalls } from './helper-calls.js';
import { pause } from './links.js';
import { planScenario, type ContributedStep, type PlannedStep, type StepSource } from './plan.js';
import type { Scenario } from './schema.js';
import { describeAction, performStep, type StepOutcome } from './steps.js';

/** What a step is, in every event about it. Times are milliseconds since the scenario started. */
interface StepEvent {
  index: number;
  do: PlannedStep['action']['do'];
  /** The step in the command line's words (`link a-lan down`). */
  what: string;
  /** When it was due. */
  at: number;
  /** When it began: `started - at` is its lag. */
  started: number;
  /** Where a step not written in the scenario comes from (a template's, made for one of its nodes). */
  from?: StepSource;
}

export type ScenarioEvent =
  | { event: 'start'; time: string; seed?: number; steps: number }
  /** Something the run could not do as asked but went on without (said once). */
  | { event: 'warning'; message: string }
  | ({ event: 'step start' } & StepEvent)
  | ({ event: 'step'; finished: number } & StepEvent & StepOutcome)
  | { event: 'link'; index: number; link: string; up: boolean; time: number }
  /** `maxLag`: the most any step started after it was due. */
  | { event: 'end'; time: number; passed: boolean; failed: number; stopped: boolean; maxLag: number };

export interface ScenarioResult {
  passed: boolean;
  failed: number;
  /** Stopped on demand before its end. */
  stopped: boolean;
}

/** Milliseconds since the start as the command line prints them (`1.500s`). */
export const formatSeconds = (ms: number) => `${(ms / 1000).toFixed(3)}s`;

/** How a run ended, in words. */
export function describeResult({ passed, failed, stopped }: ScenarioResult): string {
  return stopped ? 'scenario stopped' : passed ? 'scenario passed' : `scenario failed: ${failed} step(s)`;
}

const RESEED_UNAVAILABLE = 'this backend cannot repeat random loss: the seed reaches commands only';
const RESEED_TOO_OLD =
  'the running helper cannot seed random loss (restart the network): the seed reaches commands only';

/** Restarts the links' random generators from the scenario's seed; a backend or helper that cannot is a warning. */
async function reseed(helper: HelperCalls, seed: number): Promise<string | undefined> {
  try {
    await helper.call('network.reseed', { seed });
    return undefined;
  } catch (error) {
    const code = refusalCode(error);
    if (code === RPC_ERRORS.backendUnavailable) return RESEED_UNAVAILABLE;
    if (code === RPC_ERRORS.methodNotFound) return RESEED_TOO_OLD;
    throw error;
  }
}

export interface PlayOptions {
  emit(event: ScenarioEvent): void;
  /** Stops the schedule, kills the commands running and leaves a flapping link up. */
  stop: AbortSignal;
  /** Where commands run (the helper's default when absent). */
  cwd?: string;
  /** Steps played beside the scenario's own, in time order with them (a document's templates'). */
  contributed?: readonly ContributedStep[];
}

/**
 * Plays a valid scenario whose names fit the running network (plan.ts checks both). A step that
 * cannot be done stops the ones not yet started, as `stop` does; a seed the helper refuses
 * outright fails the run before any step.
 */
export async function playScenario(
  helper: HelperCalls,
  scenario: Scenario,
  { emit, stop, cwd, contributed }: PlayOptions,
): Promise<ScenarioResult> {
  const steps = planScenario(scenario, contributed);
  const halt = new AbortController();
  const halted = AbortSignal.any([stop, halt.signal]);
  const warning = scenario.seed === undefined ? undefined : await reseed(helper, scenario.seed);
  if (warning) emit({ event: 'warning', message: warning });
  emit({ event: 'start', time: new Date().toISOString(), seed: scenario.seed, steps: steps.length });
  const start = Date.now();
  const elapsed = () => Date.now() - start;
  let failed = 0;
  let maxLag = 0;
  const perform = async ({ index, atMs, action, from }: PlannedStep) => {
    const what = describeAction(action);
    const step: StepEvent = { index, do: action.do, what, at: atMs, started: elapsed(), ...(from && { from }) };
    maxLag = Math.max(maxLag, step.started - atMs);
    emit({ event: 'step start', ...step });
    const onLink = (link: string, up: boolean) => emit({ event: 'link', index, link, up, time: elapsed() });
    const outcome = await performStep(helper, action, { seed: scenario.seed, cwd, stop: halted, onLink });
    if (!outcome.ok) failed++;
    if (outcome.error) halt.abort();
    emit({ event: 'step', ...step, finished: elapsed(), ...outcome });
  };
  const running: Promise<void>[] = [];
  for (const planned of steps) {
    await pause(start + planned.atMs - Date.now(), halted);
    if (halted.aborted) break;
    const step = perform(planned);
    // Commands and flaps take their time; the schedule goes on beside them.
    if (planned.action.do === 'exec' || planned.action.do === 'link flap') running.push(step);
    else await step;
  }
  await Promise.all(running);
  const stopped = stop.aborted;
  const passed = failed === 0 && !stopped;
  emit({ event: 'end', time: elapsed(), passed, failed, stopped, maxLag });
  return { passed, failed, stopped };
}
