/**
 * The scenario slice: the run of the document's scenario the designer
 * plays (services/scenario.ts), as its events tell it: which steps run now,
 * how each finished one ended, and how the run ended.
 */
import type { ContributedStep } from '../../../common/scenario/plan.js';
import type { ScenarioEvent } from '../../../common/scenario/run.js';
import { describeResult } from '../../../common/scenario/run.js';
import type { Scenario } from '../../../common/scenario/schema.js';
import { verdict } from '../../../common/scenario/steps.js';
import type { SliceCreator } from './slice.js';

/** A step of the run, by its index in the scenario: running, or ended with its verdict. */
export type StepMark = { state: 'running' } | { state: 'ok' | 'failed'; verdict: string };

export interface ScenarioRun {
  /** The scenario played and the steps its document's templates added (its marks belong to these steps). */
  scenario: Scenario;
  contributed: readonly ContributedStep[];
  /** 'stopping' once Stop was pressed, until the steps running have ended. */
  state: 'playing' | 'stopping' | 'ended';
  /** When the schedule started (Date.now()); undefined until then. */
  startedAt: number | undefined;
  /** Milliseconds from the start to the end, once ended. */
  lasted: number | undefined;
  steps: Readonly<Record<number, StepMark>>;
  /** The step that started last: the one the run is at (none once ended). */
  current: number | undefined;
  /** What the run went on without (a seed this backend cannot repeat). */
  warning: string | undefined;
  /** How it ended, in the command line's words; or why it could not play. */
  result: string | undefined;
  passed: boolean;
}

export interface ScenarioSlice {
  /** The last run, playing or ended; undefined before any. */
  scenarioRun: ScenarioRun | undefined;
}

export interface ScenarioActions {
  scenarioPlaying(scenario: Scenario, contributed: readonly ContributedStep[]): void;
  /** One event of the run, at `now` (Date.now()). */
  scenarioEvent(event: ScenarioEvent, now: number): void;
  scenarioStopping(): void;
  /** The run could not go on: `message` says why. */
  scenarioFailed(message: string): void;
}

/** The run after one of its events. */
export function afterEvent(run: ScenarioRun, event: ScenarioEvent, now: number): ScenarioRun {
  switch (event.event) {
    case 'start':
      return { ...run, startedAt: now };
    case 'warning':
      return { ...run, warning: event.message };
    case 'step start':
      return { ...run, current: event.index, steps: { ...run.steps, [event.index]: { state: 'running' } } };
    case 'step':
      return {
        ...run,
        steps: { ...run.steps, [event.index]: { state: event.ok ? 'ok' : 'failed', verdict: verdict(event) } },
      };
    case 'link':
      return run;
    case 'end':
      return {
        ...run,
        state: 'ended',
        current: undefined,
        lasted: event.time,
        result: describeResult(event),
        passed: event.passed,
      };
  }
}

export const createScenarioSlice: SliceCreator<ScenarioSlice & ScenarioActions> = (set, get) => {
  const change = (edit: (run: ScenarioRun) => ScenarioRun) => {
    const run = get().scenarioRun;
    if (run) set({ scenarioRun: edit(run) });
  };
  return {
    scenarioRun: undefined,
    scenarioPlaying: (scenario, contributed) =>
      set({
        scenarioRun: {
          scenario,
          contributed,
          state: 'playing',
          startedAt: undefined,
          lasted: undefined,
          steps: {},
          current: undefined,
          warning: undefined,
          result: undefined,
          passed: false,
        },
      }),
    scenarioEvent: (event, now) => change((run) => afterEvent(run, event, now)),
    scenarioStopping: () => change((run) => (run.state === 'playing' ? { ...run, state: 'stopping' } : run)),
    scenarioFailed: (message) =>
      change((run) => ({
        ...run,
        state: 'ended',
        lasted: run.startedAt === undefined ? 0 : Date.now() - run.startedAt,
        result: message,
      })),
  };
};
