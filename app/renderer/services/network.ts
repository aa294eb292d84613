/**
 * Start/Stop, the network's state and backend, live edits and the counter
 * stream, through api.helper and its notifications. The store's network
 * slice holds what they report.
 */
import {
  RPC_ERRORS,
  STOPPED_STATUS,
  type NetworkStatus,
  type RunningDocument,
} from '../../../common/protocol/helper.js';
import { ApiError } from '../../common/api.js';
import { adoptRunning } from '../actions/running.js';
import type { Topology } from '../../../common/topology/index.js';
import { getState, useStore, type State } from '../store/index.js';
import { api } from './api.js';
import { attachment } from './attach.js';
import { loadDocument, recoverDraft, reportError, titleOf } from './files.js';
import { liveChange, type LiveChange } from './liveApply.js';
import { askChoice } from './prompt.js';

/**
 * Counter updates per second while running: as often as anyone reads a changing number, and
 * enough for the plots' point every half second. Each update costs the page a render of what
 * changed; at 10 a second a 10,000-host view's main thread was busy half as long again (2.2 s
 * against 1.4 s of every 5 s, bench/ui/profile.ts --counters10k).
 */
export const STATS_HZ = 4;

function showStatus(status: NetworkStatus): void {
  const wasRunning = getState().networkState === 'running';
  getState().statusArrived(status);
  if (status.state === 'running' && !wasRunning) api().stats.subscribe({ hz: STATS_HZ }).catch(reportError);
}

/** The folder of the document's file (where its links' programs with a relative file are), once it has one. */
function documentFolder(path: string | undefined): string | undefined {
  return path?.startsWith('/') ? path.slice(0, path.lastIndexOf('/')) || '/' : undefined;
}

async function apply(topology: Topology): Promise<void> {
  const result = await api().network.apply({ topology, directory: documentFolder(getState().path) });
  getState().applied(topology, result);
  showStatus(result.status);
}

/** True while this view's own Start waits for its answer: the network it finds running is the one it asked for. */
let startingHere = false;

export async function startNetwork(): Promise<void> {
  getState().networkTransition('starting');
  startingHere = true;
  try {
    await apply(getState().topology);
  } catch (error) {
    reportError(error);
    await readStatus();
  } finally {
    startingHere = false;
  }
}

export async function stopNetwork(): Promise<void> {
  getState().networkTransition('stopping');
  try {
    await api().stats.subscribe({ hz: 0 });
    showStatus(await api().network.stop({}));
  } catch (error) {
    reportError(error);
    await readStatus();
  }
}

/**
 * Shows the helper's status again after a call failed. When that fails too, the lost connection
 * already tells the state; a helper that failed or exited runs no network (it may have done so
 * before this call, with no notification left to come).
 */
function readStatus(): Promise<void> {
  return api()
    .network.status({})
    .then(showStatus, (error: unknown) => {
      reportError(error);
      const { state } = getState().helperState;
      if (state === 'failed' || state === 'exited') showStatus(STOPPED_STATUS);
    });
}

/** What the running network needs to be in step with the drawing; nothing unless running. */
function pendingChange({ networkState, running, topology }: State): LiveChange {
  return networkState === 'running' && running ? liveChange(running.topology, topology) : { kind: 'none' };
}

/** Sends one change: the nodes and links edited since the running revision, or the whole document. */
async function send(change: LiveChange): Promise<void> {
  const { topology, running } = getState();
  if (change.kind === 'apply' || !running) return apply(topology);
  if (change.kind === 'patch')
    getState().patched(topology, await api().network.patch({ revision: running.revision, ...change.patch }));
}

/** Takes in the running network's document, as another view left it. */
async function followRunning(): Promise<void> {
  getState().perform(adoptRunning, await api().network.get({}));
}

const ADOPT_CHOICES = [
  { value: 'running', label: 'Show the running network' },
  { value: 'mine', label: 'Apply my drawing to it' },
] as const;

/** Attaches this view to the network it found running (services/attach.ts says how); edits flow from then on. */
async function attach(): Promise<void> {
  const running = await api().network.get({});
  const how = attachment(getState(), running.topology);
  if (how.kind === 'show') return showRunning(running);
  const mine =
    how.kind === 'keep' ||
    (await askChoice(
      'The running network is not this drawing',
      `The network running now was built from "${running.topology.name}", not from the drawing this view holds ` +
        `("${titleOf(how.held.doc)}"${how.held.draft ? ', unsaved, recovered after a crash' : ''}). ` +
        'Show the running network here, or change the running network to your drawing?',
      ADOPT_CHOICES,
    )) === 'mine';
  if (!mine) return getState().documentOpen ? void getState().perform(adoptRunning, running) : showRunning(running);
  if (how.held.draft) await recoverDraft();
  attachedAs(running, how.kind === 'keep');
}

/** The running document opened in place of the start screen. */
function showRunning(running: RunningDocument): void {
  loadDocument({ topology: running.topology });
  attachedAs(running, true);
}

/**
 * Holds `running` as the running document; where the drawing is that network (`same`), the drawing
 * itself stands for it, so that only later edits are sent (a copy read elsewhere differs in identity).
 */
function attachedAs(running: RunningDocument, same: boolean): void {
  getState().attached(same ? { topology: getState().topology, revision: running.revision } : running);
}

/**
 * Brings a running network in step with edits as they are committed (the
 * helper applies the difference), including edits made while it was
 * starting. One change at a time: edits committed meanwhile go together in
 * the next, so nothing waits on a timer and nothing piles up. A change
 * refused as stale (another view changed the network first) gives way to
 * that view's document, and the user is told.
 */
function applyEditsLive(ready: Promise<void>): () => void {
  /** False until the view has its first document (startUp): attaching before would race it. */
  let settled = false;
  let busy = false;
  /** The newest revision another session announced. */
  let announced = 0;
  const next = async (): Promise<void> => {
    const state = getState();
    const unattached = state.networkState === 'running' && !state.running && !startingHere;
    const change = pendingChange(state);
    const behind = announced > (state.running?.revision ?? Infinity);
    if (!settled || busy || (change.kind === 'none' && !behind && !unattached)) return;
    busy = true;
    let failed = false;
    try {
      if (unattached) await attach();
      else if (behind) await followRunning();
      else await send(change);
    } catch (error) {
      const refusal = error instanceof ApiError && REFUSALS[error.code ?? 0]?.(error.message);
      failed = !refusal;
      if (!refusal) reportError(error);
      else {
        await followRunning().catch(reportError);
        reportError(refusal);
      }
    } finally {
      busy = false;
    }
    // After a failure the next change tries again, not a loop that would ask a failing helper as fast as it answers.
    if (!failed) return next();
  };
  void ready.then(() => {
    settled = true;
    return next();
  });
  const stops = [
    useStore.subscribe((state, previous) => {
      // A new network counts its revisions afresh.
      if (!state.running) announced = 0;
      // Counter ticks change none of these.
      if (
        state.topology !== previous.topology ||
        state.running !== previous.running ||
        state.networkState !== previous.networkState
      )
        void next();
    }),
    api().on('network.changed', ({ revision }) => {
      announced = Math.max(announced, revision);
      void next();
    }),
  ];
  return () => stops.forEach((stop) => stop());
}

const SHOWN_AGAIN = 'the drawing now shows the running network (Undo brings your edit back';

/** Edits the helper refuses whole, by error code: the drawing gives way to the running network, and the user is told why. */
const REFUSALS: Record<number, (message: string) => string> = {
  [RPC_ERRORS.staleRevision]: () =>
    `Another view changed the running network before this edit reached it: ${SHOWN_AGAIN}, to apply it again).`,
  // The helper names what is locked (common/lab/locks.ts lockViolations), in words.
  [RPC_ERRORS.locked]: (message) =>
    `The running lab does not allow this edit (${message.replace(/\.$/, '')}): ${SHOWN_AGAIN}).`,
};

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

const GONE_WITH_SERVER =
  'The vnet server is back, but the network it ran stopped with it (a network lives as long as the server ' +
  'that built it): Start builds it again.';

/**
 * The server went away (web mode): say so, and show no network state that may no longer be true.
 * Once it is back, read everything again (and attach, if a network runs); a network this view saw
 * running that is gone now is said to be gone.
 */
function followConnection(): () => void {
  let wasRunning = false;
  return api().onConnection((connection) => {
    if (connection.state === 'lost') {
      wasRunning ||= getState().networkState === 'running';
      return getState().disconnected(connection.message);
    }
    getState().reconnected();
    void api()
      .helper.state()
      .then((helperState) => getState().helperChanged(helperState))
      .then(readHelper)
      .then(() => {
        if (wasRunning && getState().networkState === 'stopped') reportError(GONE_WITH_SERVER);
        wasRunning = false;
      }, reportError);
  });
}

/**
 * Reads the helper's version and state, then follows its notifications and
 * the connection to the server. Attaches to a network found running once
 * `ready` (the view's first document is in). Returns the unsubscribe function.
 */
export function followNetwork(ready: Promise<void>): () => void {
  const { helper, on } = api();
  const stops = [
    followConnection(),
    on('helper.state', (helperState) => {
      getState().helperChanged(helperState);
      if (helperState.state !== 'ready') showStatus(STOPPED_STATUS);
    }),
    on('network.state', showStatus),
    on('network.faults', (faults) => getState().faultsChanged(faults)),
    on('stats', (stats) => getState().countersArrived(stats)),
    applyEditsLive(ready),
  ];
  helper
    .state()
    .then((helperState) => getState().helperChanged(helperState))
    .then(readHelper, reportError);
  return () => stops.forEach((stop) => stop());
}

/** Link parameters the backend cannot emulate here: of the running backend, else of the one a start would use. */
export function paramsUnsupportedHere({ helperVersion, backend }: Pick<State, 'helperVersion' | 'backend'>): string[] {
  if (!helperVersion) return [];
  const support = helperVersion.backends[backend ?? helperVersion.preferred];
  return Object.entries(support.params)
    .filter(([, supported]) => !supported)
    .map(([name]) => name);
}
