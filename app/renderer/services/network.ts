/**
 * Start/Stop, the network's state and backend, live edits and the counter
 * stream, through api.helper and its notifications.
 */
import { STOPPED_STATUS, type NetworkStatus } from '../../../common/protocol/helper.js';
import type { Topology } from '../../../common/topology/index.js';
import { emptyCounters, foldStats } from '../store/counters.js';
import { getState, setState, useStore, type State } from '../store/index.js';
import { api } from './api.js';
import { reportError } from './files.js';
import { sameExceptPositions } from './liveApply.js';

/** Counter updates per second while running. */
export const STATS_HZ = 10;
/** Quiet time after the last edit before a running network is brought in step. */
const LIVE_APPLY_DELAY_MS = 250;

function showStatus(status: NetworkStatus): void {
  const wasRunning = getState().networkState === 'running';
  setState({
    networkState: status.state,
    backend: status.backend,
    networkReason: status.reason,
    networkHosts: status.hosts,
  });
  if (status.state === 'running' && !wasRunning) api().helper.subscribeStats({ hz: STATS_HZ }).catch(reportError);
  const { hostCounters, linkCounters } = getState();
  const counting = Object.keys(hostCounters).length + Object.keys(linkCounters).length > 0;
  if (status.state !== 'running' && counting) setState(emptyCounters());
}

/** The document the running network was last brought in step with. */
let applied: Topology | undefined;

async function apply(topology: Topology): Promise<void> {
  applied = topology;
  const result = await api().helper.apply({ topology });
  setState({ warnings: result.warnings });
  showStatus(result.status);
}

export async function startNetwork(): Promise<void> {
  setState({ networkState: 'starting', error: undefined });
  try {
    await apply(getState().topology);
  } catch (error) {
    reportError(error);
    showStatus(await api().helper.status());
  }
}

export async function stopNetwork(): Promise<void> {
  setState({ networkState: 'stopping' });
  try {
    await api().helper.subscribeStats({ hz: 0 });
    showStatus(await api().helper.stop());
  } catch (error) {
    reportError(error);
    showStatus(await api().helper.status());
  }
}

/**
 * Brings a running network in step with edits (the helper applies the
 * difference), including edits made while it was starting.
 */
function applyEditsLive(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = useStore.subscribe((state, previous) => {
    // Counter ticks change neither; they must not postpone a pending apply.
    if (state.topology === previous.topology && state.networkState === previous.networkState) return;
    if (state.networkState !== 'running' || !applied || sameExceptPositions(state.topology, applied)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const { topology, networkState } = getState();
      if (networkState === 'running') apply(topology).catch(reportError);
    }, LIVE_APPLY_DELAY_MS);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}

function readHelper(): Promise<void> {
  const { helper } = api();
  return Promise.all([helper.version(), helper.status()])
    .then(([helperVersion, status]) => {
      setState({ helperVersion });
      showStatus(status);
    })
    .catch(reportError);
}

/** The user asked to start the helper again after it failed or exited. */
export async function restartHelper(): Promise<void> {
  try {
    setState({ helperVersion: await api().helper.restart(), error: undefined });
    showStatus(await api().helper.status());
  } catch (error) {
    reportError(error);
  }
}

/** Reads the helper's version and state, then follows its notifications. Returns the unsubscribe function. */
export function followNetwork(): () => void {
  const { helper, on } = api();
  const stops = [
    on('helper.state', (helperState) => {
      setState({ helperState });
      if (helperState.state !== 'ready') showStatus(STOPPED_STATUS);
    }),
    on('network.state', showStatus),
    on('stats', (stats) => {
      const state = getState();
      if (state.networkState === 'running') setState(foldStats(state, state.plotted, stats));
    }),
    applyEditsLive(),
  ];
  helper
    .state()
    .then((helperState) => setState({ helperState }))
    .then(readHelper, reportError);
  return () => stops.forEach((stop) => stop());
}

/** Link parameters the backend cannot emulate here: of the running backend, else of the one a start would use. */
export function unsupportedParams({ helperVersion, backend }: Pick<State, 'helperVersion' | 'backend'>): string[] {
  if (!helperVersion) return [];
  const support = helperVersion.backends[backend ?? helperVersion.preferred];
  return Object.entries(support.params)
    .filter(([, supported]) => !supported)
    .map(([name]) => name);
}
