/**
 * Start, live edits and counters against an in-memory helper (a test
 * harness, not part of the product).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VnetApi } from '../../common/api.js';
import {
  STOPPED_STATUS,
  type CounterTuple,
  type HelperVersion,
  type NetworkStatus,
  type Notifications,
} from '../../../common/protocol/helper.js';
import type { Topology } from '../../../common/topology/index.js';
import { addNode } from '../actions/create.js';
import { moveNodes } from '../actions/edit.js';
import { getState, initialState, useStore } from '../store/index.js';
import { setApi } from './api.js';
import { followNetwork, startNetwork, STATS_HZ, stopNetwork, unsupportedParams } from './network.js';

const running: NetworkStatus = { ...STOPPED_STATUS, state: 'running', backend: 'netns', revision: 1 };
const stopped: NetworkStatus = STOPPED_STATUS;
const version: HelperVersion = {
  version: '0.1.0',
  preferred: 'netns',
  backends: {
    kmod: { available: false, params: { delay: true, jitter: true, loss: true, duplicate: true, rate: true } },
    netns: { available: true, params: { delay: false, jitter: false, loss: true, duplicate: false, rate: true } },
  },
};
const sample = (rxPackets: number): CounterTuple => [rxPackets, 0, 0, 0, 0, 1, 0, 0, 0];

function memoryHelper() {
  const applied: Topology[] = [];
  const rates: number[] = [];
  const warnings: string[] = [];
  const listeners = new Map<string, (payload: unknown) => void>();
  const api = {
    transport: 'web',
    helper: {
      state: async () => ({ state: 'ready' }),
      version: async () => version,
    },
    network: {
      status: async () => stopped,
      apply: async ({ topology }: { topology: Topology }) => {
        applied.push(topology);
        return { status: running, added: [], removed: [], changed: [], warnings: warnings.splice(0) };
      },
      stop: async () => stopped,
    },
    stats: {
      subscribe: async ({ hz }: { hz: number }) => {
        rates.push(hz);
        return null;
      },
    },
    on: (name: string, listener: (payload: unknown) => void) => {
      listeners.set(name, listener);
      return () => listeners.delete(name);
    },
  } as unknown as VnetApi;
  const emit = <N extends keyof Notifications>(name: N, payload: Notifications[N]) => listeners.get(name)?.(payload);
  return { api, applied, rates, warnings, emit };
}

let stopFollowing: () => void;
let helper: ReturnType<typeof memoryHelper>;

beforeEach(async () => {
  vi.useFakeTimers();
  helper = memoryHelper();
  setApi(helper.api);
  getState().perform(addNode, { kind: 'host', position: { x: 0, y: 0 } });
  stopFollowing = followNetwork();
  await vi.runAllTimersAsync();
});

afterEach(() => {
  stopFollowing();
  vi.useRealTimers();
  useStore.setState(initialState(), true);
});

describe('the network', () => {
  it('starts with the document, subscribes to counters, and stops', async () => {
    await startNetwork();
    expect(helper.applied).toEqual([getState().topology]);
    expect(getState()).toMatchObject({ networkState: 'running', backend: 'netns' });
    expect(helper.rates).toEqual([STATS_HZ]);
    await stopNetwork();
    expect(getState().networkState).toBe('stopped');
    expect(helper.rates).toEqual([STATS_HZ, 0]);
  });

  it('applies edits to the running network, but not mere moves', async () => {
    await startNetwork();
    getState().perform(moveNodes, new Map([['h1', { x: 50, y: 50 }]]));
    await vi.runAllTimersAsync();
    expect(helper.applied).toHaveLength(1);
    getState().perform(addNode, { kind: 'host', position: { x: 0, y: 0 } });
    helper.emit('stats', { time: 1, full: true, hosts: { h1: sample(1) }, links: {} });
    await vi.runAllTimersAsync();
    expect(helper.applied).toHaveLength(2);
    expect(helper.applied[1]?.nodes.map((n) => n.id)).toEqual(['h1', 'h2']);
  });

  it('applies a committed edit at once (the properties field was the one wait), edits made meanwhile together next', async () => {
    await startNetwork();
    getState().perform(addNode, { kind: 'host', position: { x: 0, y: 0 } });
    getState().perform(addNode, { kind: 'host', position: { x: 0, y: 0 } });
    getState().perform(addNode, { kind: 'host', position: { x: 0, y: 0 } });
    await vi.advanceTimersByTimeAsync(0);
    expect(helper.applied.map((t) => t.nodes.length)).toEqual([1, 2, 4]);
  });

  it('shows counters while running and clears them when stopped', async () => {
    helper.emit('stats', { time: 1, full: true, hosts: { h1: sample(1) }, links: {} });
    expect(getState().hostCounters).toEqual({});
    await startNetwork();
    helper.emit('stats', { time: 2, full: true, hosts: { h1: sample(5) }, links: {} });
    expect(getState().hostCounters.h1?.rxPackets).toBe(5);
    await stopNetwork();
    expect(getState().hostCounters).toEqual({});
  });

  it('shows what an apply could not build as drawn, until the next apply replaces it', async () => {
    helper.warnings.push('link s1-s2: parameters not applied (a link between switches or hubs joins one segment)');
    await startNetwork();
    expect(getState().warnings).toEqual([
      'link s1-s2: parameters not applied (a link between switches or hubs joins one segment)',
    ]);
    getState().perform(addNode, { kind: 'host', position: { x: 0, y: 0 } });
    await vi.runAllTimersAsync();
    expect(helper.applied).toHaveLength(2);
    expect(getState().warnings).toEqual([]);
  });

  it('names the parameters the backend cannot emulate', () => {
    expect(unsupportedParams(getState())).toEqual(['delay', 'jitter', 'duplicate']);
    expect(unsupportedParams({ helperVersion: version, backend: 'kmod' })).toEqual([]);
  });
});
