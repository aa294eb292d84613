/**
 * The selected router's live routing against an in-memory node.routes (a test harness, not part of the
 * product): read only while the network runs and one router is selected, the next read a pause after
 * the answer, at once for another router, never after it is deselected; failures in words.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RPC_ERRORS, STOPPED_STATUS, type NodeRouting } from '../../../common/protocol/helper.js';
import { ApiError, type VnetApi } from '../../common/api.js';
import { emptyTopology } from '../store/state.js';
import { getState, initialState, useStore } from '../store/index.js';
import { setApi } from './api.js';
import { ROUTES_INTERVAL_MS, followRoutes, routesProblem } from './routing.js';

const ANSWER: NodeRouting = { routes: [], daemons: [{ name: 'zebra', running: true, restarts: 0 }], neighbours: [] };

let asked: string[];
let pending: (() => void)[];
let stop: () => void;

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('document', { visibilityState: 'visible', addEventListener() {}, removeEventListener() {} });
  asked = [];
  pending = [];
  const routes = ({ node }: { node: string }) =>
    new Promise<NodeRouting>((resolve) => {
      asked.push(node);
      pending.push(() => resolve(ANSWER));
    });
  setApi({ node: { routes } } as unknown as VnetApi);
  const node = (id: string, kind: 'router' | 'host') => ({ id, kind, name: id, position: { x: 0, y: 0 } });
  getState().open(
    { topology: { ...emptyTopology(), nodes: [node('r1', 'router'), node('r2', 'router'), node('h1', 'host')] } },
    false,
  );
  stop = followRoutes();
});

afterEach(() => {
  stop();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  useStore.setState(initialState(), true);
});

const answer = async () => {
  pending.shift()?.();
  await vi.advanceTimersByTimeAsync(0);
};

describe("the selected router's routing", () => {
  it('is read while the network runs and a router is selected, the next read a pause after the answer', async () => {
    getState().select(['r1'], []);
    getState().select(['h1'], []);
    await vi.advanceTimersByTimeAsync(10 * ROUTES_INTERVAL_MS);
    expect(asked).toEqual([]);
    getState().statusArrived({ ...STOPPED_STATUS, state: 'running' });
    getState().select(['r1'], []);
    await vi.advanceTimersByTimeAsync(10 * ROUTES_INTERVAL_MS);
    expect(asked).toEqual(['r1']);
    await answer();
    expect(getState().routerView).toMatchObject({ node: 'r1', routing: ANSWER });
    await vi.advanceTimersByTimeAsync(ROUTES_INTERVAL_MS - 1);
    expect(asked).toEqual(['r1']);
    await vi.advanceTimersByTimeAsync(1);
    expect(asked).toEqual(['r1', 'r1']);
  });

  it('reads another router at once, and none once deselected', async () => {
    getState().statusArrived({ ...STOPPED_STATUS, state: 'running' });
    getState().select(['r1'], []);
    await vi.advanceTimersByTimeAsync(0);
    getState().select(['r2'], []);
    expect(getState().routerView).toMatchObject({ node: 'r2', routing: undefined });
    await answer();
    expect(asked).toEqual(['r1', 'r2']);
    expect(getState().routerView?.routing).toBeUndefined();
    getState().select([], []);
    await answer();
    await vi.advanceTimersByTimeAsync(10 * ROUTES_INTERVAL_MS);
    expect(asked).toEqual(['r1', 'r2']);
    expect(getState().routerView).toBeUndefined();
  });

  it('says why the routes could not be read, and nothing once the network stopped', () => {
    expect(routesProblem(new ApiError('no', RPC_ERRORS.notRunning), 'r1')).toBeUndefined();
    expect(routesProblem(new ApiError('Method not found', RPC_ERRORS.methodNotFound), 'r1')).toMatch(/older than/);
    expect(routesProblem(new Error('ip: exit 1'), 'r1')).toMatch(/^The routes of r1 could not be read: /);
  });
});
