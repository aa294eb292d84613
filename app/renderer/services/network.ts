/**
 * Start/Stop, the network's state and backend, live edits and the counter
 * stream, through api.helper and its notifications.
 */
import type { NetworkStatus } from '../../../common/protocol/helper.js';
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
  if (status.state !== 'running' && wasRunning) setState(emptyCounters());
}

export async function startNetwork(): Promise<void> {
  setState({ networkState: 'starting', error: undefined });
  try {
    showStatus((await api().helper.apply({ topology: getState().topology })).status);
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

/** Brings a running network in step with edits (the helper applies the difference). */
function applyEditsLive(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = useStore.subscribe((state, previous) => {
    if (state.networkState !== 'running' || sameExceptPositions(state.topology, previous.topology)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const { topology, networkState } = getState();
      if (networkState !== 'running') return;
      api()
        .helper.apply({ topology })
        .then((result) => showStatus(result.status))
        .catch(reportError);
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
      if (helperState.state !== 'ready') showStatus({ state: 'stopped', hosts: {} });
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
