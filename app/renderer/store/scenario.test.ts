/** The scenario slice follows a run's events: the step it is at, each step's verdict, how it ended. */
import { afterEach, describe, expect, it } from 'vitest';
import type { ScenarioEvent } from '../../../common/scenario/run.js';
import type { Scenario } from '../../../common/scenario/schema.js';
import { getState, initialState, useStore } from './index.js';

afterEach(() => useStore.setState(initialState(), true));

const scenario: Scenario = {
  steps: [
    { at: '0', do: 'link down', link: 'a-lan' },
    { at: '1s', do: 'exec', host: 'a', argv: ['false'], expect: { exit: 0 } },
  ],
};
const step = { what: 'link a-lan down', at: 0, started: 4 } as const;

describe('the scenario slice', () => {
  it('marks the step the run is at and each verdict in the command line words, then how it ended', () => {
    getState().scenarioPlaying(scenario, []);
    const events: ScenarioEvent[] = [
      { event: 'warning', message: 'this backend cannot repeat random loss' },
      { event: 'start', time: '', steps: 2 },
      { event: 'step start', index: 0, do: 'link down', ...step },
      { event: 'step', index: 0, do: 'link down', ...step, finished: 9, ok: true, problems: [] },
      { event: 'step start', index: 1, do: 'exec', ...step },
    ];
    events.forEach((event) => getState().scenarioEvent(event, 1000));
    expect(getState().scenarioRun).toMatchObject({
      state: 'playing',
      startedAt: 1000,
      current: 1,
      steps: { 0: { state: 'ok', verdict: 'ok' }, 1: { state: 'running' } },
      warning: 'this backend cannot repeat random loss',
    });

    getState().scenarioStopping();
    const failed = { ok: false, problems: ['exit 1, expected 0'], exit: 1 };
    getState().scenarioEvent({ event: 'step', index: 1, do: 'exec', ...step, finished: 20, ...failed }, 2000);
    getState().scenarioEvent({ event: 'end', time: 20, passed: false, failed: 1, stopped: true, maxLag: 4 }, 2000);
    expect(getState().scenarioRun).toMatchObject({
      state: 'ended',
      current: undefined,
      lasted: 20,
      steps: { 1: { state: 'failed', verdict: 'FAILED: exit 1, expected 0' } },
      result: 'scenario stopped',
      passed: false,
    });
  });

  it('ends a run that could not go on with the reason', () => {
    getState().scenarioPlaying(scenario, []);
    getState().scenarioFailed('The scenario does not fit the running network');
    expect(getState().scenarioRun).toMatchObject({
      state: 'ended',
      result: 'The scenario does not fit the running network',
    });
  });
});
