/**
 * Start/Stop, the network's state and backend, live edits and the counter
 * stream, through api.helper and its notifications. The store's network
 * slice holds what they report.
 */
import { STOPPED_STATUS, type NetworkStatus } from '../../../common/protocol/helper.js';
import type { Topology } from '../../../common/topology/index.js';
import { getState, useStore, type State } from '../store/index.js';
import { api } from './api.js';
import { reportError } from './files.js';
import { sameExceptPositions } from './liveApply.js';

/** Counter updates per second while running. */
export const STATS_HZ = 10;

function showStatus(status: NetworkStatus): void {
  const wasRunning = getState().networkState === 'running';
  getState().statusArrived(status);
  if (status.state === 'running' && !wasRunning) api().stats.subscribe({ hz: STATS_HZ }).catch(reportError);
}

async function apply(topology: Topology): Promise<void> {
  const result = await api().network.apply({ topology });
  getState().applied(topology, result);
  showStatus(result.status);
}

export async function startNetwork(): Promise<void> {
  getState().networkTransition('starting');
  try {
    await apply(getState().topology);
  } catch (error) {
    reportError(error);
    showStatus(await api().network.status({}));
  }
}

export async function stopNetwork(): Promise<void> {
  getState().networkTransition('stopping');
  try {
    await api().stats.subscribe({ hz: 0 });
    showStatus(await api().network.stop({}));
  } catch (error) {
    reportError(error);
    showStatus(await api().network.status({}));
  }
}

/** Whether the drawing holds edits the running network has not been brought in step with. */
function pendingEdits({ networkState, running, topology }: State): boolean {
  return networkState === 'running' && !!running && !sameExceptPositions(topology, running.topology);
}

/**
 * Brings a running network in step with edits as they are committed (the
 * helper applies the difference), including edits made while it was
 * starting. One apply at a time: edits committed meanwhile go together in
 * the next, so nothing waits on a timer and nothing piles up.
 */
function applyEditsLive(): () => void {
  let busy = false;
  const next = async (): Promise<void> => {
    if (busy || !pendingEdits(getState())) return;
    busy = true;
    try {
      await apply(getState().topology);
    } catch (error) {
      reportError(error);
    } finally {
      busy = false;
    }
    return next();
  };
  return useStore.subscribe((state, previous) => {
    // Counter ticks change neither.
    if (state.topology !== previous.topology || state.running !== previous.running) void next();
  });
}

function readHelper(): Promise<void> {
  const { helper, network } = api();
  return Promise.all([helper.version({}), network.status({})])
    .then(([helperVersion, status]) => {
      getState().helperIdentified(helperVersion);
      showStatus(status);
    })
    .catch(reportError);
}

/** The user asked to start the helper again after it failed or exited. */
export async function restartHelper(): Promise<void> {
  try {
    getState().helperIdentified(await api().helper.restart());
    getState().reportError(undefined);
    showStatus(await api().network.status({}));
  } catch (error) {
    reportError(error);
  }
}

/** Reads the helper's version and state, then follows its notifications. Returns the unsubscribe function. */
export function followNetwork(): () => void {
  const { helper, on } = api();
  const stops = [
    on('helper.state', (helperState) => {
      getState().helperChanged(helperState);
      if (helperState.state !== 'ready') showStatus(STOPPED_STATUS);
    }),
    on('network.state', showStatus),
    on('network.faults', (faults) => getState().faultsChanged(faults)),
    on('stats', (stats) => getState().countersArrived(stats)),
    applyEditsLive(),
  ];
  helper
    .state()
    .then((helperState) => getState().helperChanged(helperState))
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
