/**
 * Plays the document's scenario, with the steps its templates add for their
 * nodes, on the running network with the command line's runner
 * (common/scenario/run.ts) over the designer's api; the scenario slice
 * follows its events. Its effects reach the canvas as any other view's
 * changes do (network.changed, network.faults).
 */
import type { HelperCalls } from '../../../common/scenario/helper-calls.js';
import { nameProblems } from '../../../common/scenario/plan.js';
import { playScenario as play } from '../../../common/scenario/run.js';
import { statusAddresses } from '../../../common/templates/checks.js';
import {
  hasScenario,
  ownScenario,
  templateStepCount,
  templateSteps,
  type MadeSteps,
} from '../../../common/templates/steps.js';
import { formatProblems } from '../../../common/topology/index.js';
import { getState, type State } from '../store/index.js';
import { api } from './api.js';
import { sentence } from '../lib/sentences.js';

type AnyCall = (params: unknown) => Promise<unknown>;

/** The helper calls a scenario makes, through the designer's api (each call under the helper's own name). */
function helperCalls(): HelperCalls {
  const vnet = api();
  const groups = vnet as unknown as Record<string, Record<string, AnyCall>>;
  return {
    call: (method, params) => {
      const [group = '', name = ''] = method.split('.');
      const call = groups[group]?.[name] ?? (() => Promise.reject(new Error(`the designer cannot ${method}`)));
      return call(params) as never;
    },
    on: (name, listener) => vnet.on(name, listener),
    onLost: (listener) =>
      vnet.on('helper.state', ({ state, message }) => {
        if (state === 'failed' || state === 'exited') listener(message ?? `the helper ${state}`);
      }),
  };
}

/** Stops the run playing now; undefined while none plays. */
let stopRun: AbortController | undefined;

const playing = (state: Pick<State, 'scenarioRun'>) =>
  state.scenarioRun?.state === 'playing' || state.scenarioRun?.state === 'stopping';

/** The steps the document's templates add, made for the running network (its addresses, its names); none when stopped. */
export function contributedSteps(state: Pick<State, 'topology' | 'running' | 'networkHosts'>): MadeSteps {
  const { topology, running, networkHosts } = state;
  if (!running || !templateStepCount(topology)) return { steps: [], problems: [] };
  return templateSteps(topology, statusAddresses(networkHosts), running.topology);
}

/** Play applies while the network runs, the document has steps to play and none plays. */
export const canPlay = (state: Pick<State, 'networkState' | 'topology' | 'scenarioRun'>) =>
  state.networkState === 'running' && hasScenario(state.topology) && !playing(state);

export const canStop = (state: Pick<State, 'scenarioRun'>) => state.scenarioRun?.state === 'playing';

export async function playDocumentScenario(): Promise<void> {
  const state = getState();
  const { topology, running } = state;
  if (!running || !canPlay(state)) return;
  const scenario = ownScenario(topology);
  const made = contributedSteps(state);
  const stop = new AbortController();
  stopRun = stop;
  getState().scenarioPlaying(scenario, made.steps);
  const problems = [...nameProblems(scenario, running.topology), ...made.problems];
  try {
    if (problems.length) throw new Error(`The scenario does not fit the running network:\n${formatProblems(problems)}`);
    await play(helperCalls(), scenario, {
      emit: (event) => getState().scenarioEvent(event, Date.now()),
      stop: stop.signal,
      contributed: made.steps,
    });
  } catch (error) {
    getState().scenarioFailed(sentence(error));
  } finally {
    stopRun = undefined;
  }
}

export function stopDocumentScenario(): void {
  stopRun?.abort();
  getState().scenarioStopping();
}
