/**
 * The live checklist's rhythm against an in-memory checks.run (a test
 * harness, not part of the product): one run at a time, the next a pause
 * after the last answer, none while stopped or hidden.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckOutcome } from '../../../common/checks/schema.js';
import { RPC_ERRORS, STOPPED_STATUS } from '../../../common/protocol/helper.js';
import { ApiError, type VnetApi } from '../../common/api.js';
import { twoHostsOnSwitch } from '../../../common/topology/fixture.js';
import { addCheck } from '../actions/lab.js';
import { getState, initialState, useStore } from '../store/index.js';
import { setApi } from './api.js';
import { CHECK_INTERVAL_MS, checksProblem, followLab } from './lab.js';

/** checks.run that answers (every check passes) only when the test says so. */
function pendingChecks() {
  const pending: (() => void)[] = [];
  let calls = 0;
  const api = {
    checks: {
      run: ({ checks }: { checks: unknown[] }) =>
        new Promise<CheckOutcome[]>((resolve) => {
          calls += 1;
          pending.push(() => resolve(checks.map(() => ({ ok: true, seen: 'fine' }))));
        }),
    },
  } as unknown as VnetApi;
  return { api, calls: () => calls, answer: () => pending.shift()?.() };
}

let checks: ReturnType<typeof pendingChecks>;
let stop: () => void;
let visibility: DocumentVisibilityState;
const listeners = new Set<() => void>();

beforeEach(() => {
  vi.useFakeTimers();
  visibility = 'visible';
  vi.stubGlobal('document', {
    get visibilityState() {
      return visibility;
    },
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
  });
  checks = pendingChecks();
  setApi(checks.api);
  getState().open({ topology: twoHostsOnSwitch() }, false);
  getState().perform(addCheck, { kind: 'route', node: 'a', to: 'default', points: 1 });
  stop = followLab();
});

afterEach(() => {
  stop();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  useStore.setState(initialState(), true);
});

const running = () => getState().statusArrived({ ...STOPPED_STATUS, state: 'running' });

describe('the live checklist', () => {
  it('runs only while the network runs, one run at a time, the next a pause after the answer', async () => {
    await vi.advanceTimersByTimeAsync(10 * CHECK_INTERVAL_MS);
    expect(checks.calls()).toBe(0);
    running();
    await vi.advanceTimersByTimeAsync(10 * CHECK_INTERVAL_MS);
    getState().pointAtCheck(0);
    await vi.advanceTimersByTimeAsync(10 * CHECK_INTERVAL_MS);
    expect(checks.calls()).toBe(1);
    checks.answer();
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS - 1);
    expect(checks.calls()).toBe(1);
    expect([...getState().labOutcomes.values()]).toEqual([{ ok: true, seen: 'fine' }]);
    await vi.advanceTimersByTimeAsync(1);
    expect(checks.calls()).toBe(2);
    checks.answer();
    getState().statusArrived(STOPPED_STATUS);
    expect(getState().labOutcomes.size).toBe(0);
    await vi.advanceTimersByTimeAsync(10 * CHECK_INTERVAL_MS);
    expect(checks.calls()).toBe(2);
  });

  it('pauses while the window is hidden and runs again when it is seen', async () => {
    visibility = 'hidden';
    running();
    await vi.advanceTimersByTimeAsync(10 * CHECK_INTERVAL_MS);
    expect(checks.calls()).toBe(0);
    visibility = 'visible';
    listeners.forEach((listener) => listener());
    await vi.advanceTimersByTimeAsync(0);
    expect(checks.calls()).toBe(1);
  });

  it('says in words why checks could not run, and nothing when the network merely stopped', () => {
    expect(checksProblem(new ApiError('no', RPC_ERRORS.notRunning))).toBeUndefined();
    expect(checksProblem(new ApiError('Method not found', RPC_ERRORS.methodNotFound))).toMatch(/older than/);
  });
});
