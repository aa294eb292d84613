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
  type Params,
  RPC_ERRORS,
} from '../../../common/protocol/helper.js';
import { ApiError, type ConnectionState } from '../../common/api.js';
import { undo } from '../actions/history.js';
import type { Topology } from '../../../common/topology/index.js';
import { addNode } from '../actions/create.js';
import { moveNodes } from '../actions/edit.js';
import { getState, initialState, useStore } from '../store/index.js';
import { setApi } from './api.js';
import { followNetwork, startNetwork, STATS_HZ, stopNetwork, paramsUnsupportedHere } from './network.js';

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

/** Merges a patch into a document as the helper does: upserts by id, removals (a node's links with it). */
function merged(doc: Topology, patch: Omit<Params<'network.patch'>, 'revision'>): Topology {
  const upsert = <T extends { id: string }>(
    items: readonly T[],
    changes: readonly T[] = [],
    removed: string[] = [],
  ) => [
    ...items.filter((item) => !removed.includes(item.id)).map((item) => changes.find((c) => c.id === item.id) ?? item),
    ...changes.filter((c) => !items.some((item) => item.id === c.id)),
  ];
  const nodes = upsert(doc.nodes, patch.nodes as Topology['nodes'], patch.removeNodes);
  const gone = new Set(patch.removeNodes);
  const links = upsert(doc.links, patch.links as Topology['links'], patch.removeLinks).filter(
    (l) => !gone.has(l.a.node) && !gone.has(l.b.node),
  );
  return { ...doc, nodes, links };
}

function memoryHelper() {
  /** What each live call carried: 'apply' or 'patch', and the running document after it. */
  const calls: { method: 'apply' | 'patch'; nodes: number }[] = [];
  const rates: number[] = [];
  const warnings: string[] = [];
  const listeners = new Map<string, (payload: unknown) => void>();
  let connection: ((state: ConnectionState) => void) | undefined;
  let doc: Topology | undefined;
  let revision = 0;
  /** network.get calls, and whether they fail (a helper that cannot give its document). */
  const gets = { count: 0, fail: false };
  const accept = (method: 'apply' | 'patch', topology: Topology) => {
    doc = topology;
    revision += 1;
    calls.push({ method, nodes: topology.nodes.length });
  };
  const api = {
    transport: 'web',
    helper: {
      state: async () => ({ state: 'ready' }),
      version: async () => version,
    },
    network: {
      status: async () => (doc ? { ...running, revision } : stopped),
      apply: async ({ topology }: { topology: Topology }) => {
        accept('apply', topology);
        return { status: { ...running, revision }, added: [], removed: [], changed: [], warnings: warnings.splice(0) };
      },
      patch: async ({ revision: against, ...patch }: Params<'network.patch'>) => {
        if (!doc || against !== revision) throw new ApiError('stale', RPC_ERRORS.staleRevision);
        accept('patch', merged(doc, patch));
        return { revision, hosts: {}, added: [], removed: [], changed: [], warnings: warnings.splice(0) };
      },
      get: async () => {
        gets.count += 1;
        // Answered on the next turn, as a socket would: a caller that asks again at once loops on timers.
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (gets.fail) throw new ApiError('the network is gone');
        return { topology: doc, revision };
      },
      stop: async () => {
        doc = undefined;
        return stopped;
      },
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
    onConnection: (listener: (state: ConnectionState) => void) => {
      connection = listener;
      return () => (connection = undefined);
    },
  } as unknown as VnetApi;
  /** The server went away or came back; a server that comes back runs no network. */
  const serverGone = (gone: boolean) => {
    if (gone) doc = undefined;
    connection?.(gone ? { state: 'lost', message: 'server stopped' } : { state: 'connected' });
  };
  /** A network another view started (this one never applied it). */
  const startedElsewhere = (topology: Topology) => {
    accept('apply', topology);
    emit('network.state', { ...running, revision });
  };
  const emit = <N extends keyof Notifications>(name: N, payload: Notifications[N]) => listeners.get(name)?.(payload);
  /** Another session's edit of the running network: a node renamed; announced or not. */
  const otherSession = (announce: boolean) => {
    if (!doc) throw new Error('not running');
    const [first, ...rest] = doc.nodes;
    if (!first) throw new Error('no node');
    doc = { ...doc, nodes: [{ ...first, name: 'elsewhere' }, ...rest] };
    revision += 1;
    if (announce) emit('network.changed', { revision });
  };
  return { api, calls, gets, rates, warnings, emit, otherSession, serverGone, startedElsewhere };
}

let stopFollowing: () => void;
let helper: ReturnType<typeof memoryHelper>;

beforeEach(async () => {
  vi.useFakeTimers();
  helper = memoryHelper();
  setApi(helper.api);
  getState().perform(addNode, { kind: 'host', position: { x: 0, y: 0 } });
  stopFollowing = followNetwork(Promise.resolve());
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
    expect(helper.calls).toEqual([{ method: 'apply', nodes: 1 }]);
    expect(getState()).toMatchObject({ networkState: 'running', backend: 'netns' });
    expect(helper.rates).toEqual([STATS_HZ]);
    await stopNetwork();
    expect(getState().networkState).toBe('stopped');
    expect(helper.rates).toEqual([STATS_HZ, 0]);
  });

  it('patches the running network with edits, but not with mere moves', async () => {
    await startNetwork();
    getState().perform(moveNodes, new Map([['h1', { x: 50, y: 50 }]]));
    await vi.runAllTimersAsync();
    expect(helper.calls).toHaveLength(1);
    getState().perform(addNode, { kind: 'host', position: { x: 0, y: 0 } });
    helper.emit('stats', { time: 1, full: true, hosts: { h1: sample(1) }, links: {} });
    await vi.runAllTimersAsync();
    expect(helper.calls).toEqual([
      { method: 'apply', nodes: 1 },
      { method: 'patch', nodes: 2 },
    ]);
    expect(getState().running?.revision).toBe(2);
  });

  it('gives way to another view that changed the network first, and says so; Undo brings the edit back', async () => {
    await startNetwork();
    helper.otherSession(false);
    getState().perform(addNode, { kind: 'host', position: { x: 0, y: 0 } });
    await vi.runAllTimersAsync();
    expect(getState().topology.nodes.map((n) => n.name)).toEqual(['elsewhere']);
    expect(getState().error).toMatch(/^Another view changed the running network/);
    getState().perform(undo, undefined);
    await vi.runAllTimersAsync();
    expect(helper.calls.at(-1)).toEqual({ method: 'patch', nodes: 2 });
  });

  it("follows another session's changes as they are announced", async () => {
    await startNetwork();
    helper.otherSession(true);
    await vi.runAllTimersAsync();
    expect(getState().topology.nodes.map((n) => n.name)).toEqual(['elsewhere']);
    expect(getState().running?.revision).toBe(2);
    expect(getState().error).toBeUndefined();
  });

  it('applies a committed edit at once (the properties field was the one wait), edits made meanwhile together next', async () => {
    await startNetwork();
    getState().perform(addNode, { kind: 'host', position: { x: 0, y: 0 } });
    getState().perform(addNode, { kind: 'host', position: { x: 0, y: 0 } });
    getState().perform(addNode, { kind: 'host', position: { x: 0, y: 0 } });
    await vi.advanceTimersByTimeAsync(0);
    expect(helper.calls.map((c) => c.nodes)).toEqual([1, 2, 4]);
  });

  it('is stopped again after a Start whose helper had already failed to start, with its reason shown', async () => {
    const reason = 'The vnet helper could not start: pkexec is not installed. Restart the helper to try again.';
    const fail = async () => {
      throw new ApiError(reason);
    };
    Object.assign(helper.api.network, { apply: fail, status: fail });
    // The failure was told before Start (at the view's first read): no notification comes after it.
    getState().helperChanged({ state: 'failed', message: reason });
    await startNetwork();
    expect(getState()).toMatchObject({ networkState: 'stopped', error: reason });
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
    expect(helper.calls).toHaveLength(2);
    expect(getState().warnings).toEqual([]);
  });

  it('attaches to a network another view started: shows its document, and patches it with edits', async () => {
    const theirs = { ...getState().topology, name: 'theirs' };
    useStore.setState(initialState(), true); // a view opened afresh: nothing drawn
    helper.startedElsewhere(theirs);
    await vi.runAllTimersAsync();
    expect(getState()).toMatchObject({ documentOpen: true, running: { revision: 1 } });
    expect(getState().topology.name).toBe('theirs');
    getState().perform(addNode, { kind: 'host', position: { x: 0, y: 0 } });
    await vi.runAllTimersAsync();
    expect(helper.calls.at(-1)).toEqual({ method: 'patch', nodes: 2 });
  });

  it('asks a helper that cannot give the running network again at the next change, not in a loop', async () => {
    useStore.setState(initialState(), true);
    helper.gets.fail = true;
    helper.startedElsewhere(getState().topology);
    await vi.runAllTimersAsync();
    expect(helper.gets.count).toBe(1);
    expect(getState().error).toBe('The network is gone.');
    helper.gets.fail = false;
    helper.emit('network.changed', { revision: 2 });
    await vi.runAllTimersAsync();
    expect(helper.gets.count).toBe(2);
    expect(getState().running).toMatchObject({ revision: 1 });
  });

  it('says when the server is gone, tells no state it cannot know, and reads it again once back', async () => {
    await startNetwork();
    helper.serverGone(true);
    expect(getState()).toMatchObject({ networkState: 'disconnected', connectionLost: 'server stopped' });
    expect(getState().running).toBeUndefined();
    helper.serverGone(false);
    await vi.runAllTimersAsync();
    expect(getState()).toMatchObject({ networkState: 'stopped', connectionLost: undefined });
    expect(getState().error).toMatch(/the network it ran stopped with it/);
  });

  it('names the parameters the backend cannot emulate', () => {
    expect(paramsUnsupportedHere(getState())).toEqual(['delay', 'jitter', 'duplicate']);
    expect(paramsUnsupportedHere({ helperVersion: version, backend: 'kmod' })).toEqual([]);
  });
});
