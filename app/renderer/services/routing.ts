/**
 * The live routing of the selected router: while the network runs, one router is selected and the
 * window is seen, node.routes is asked every few seconds (one read at a time: the next waits for the
 * last answer) and the routing slice keeps what changed; anything else stops it.
 */
import { RPC_ERRORS } from '../../../common/protocol/helper.js';
import { ApiError } from '../../common/api.js';
import { sentence } from '../lib/sentences.js';
import { getState, useStore, type State } from '../store/index.js';
import { api } from './api.js';

/** Pause between one answer and the next read. */
export const ROUTES_INTERVAL_MS = 2000;

/** The router to follow now, if any. */
function followed(state: State): string | undefined {
  if (!state.documentOpen || state.networkState !== 'running' || document.visibilityState !== 'visible') return;
  if (state.selectedNodes.length !== 1 || state.selectedLinks.length) return;
  const node = state.topology.nodes.find((n) => n.id === state.selectedNodes[0]);
  return node?.kind === 'router' ? node.id : undefined;
}

/** What the panel says when the routes could not be read; undefined when that needs no words (the network stopped). */
export function routesProblem(error: unknown, name: string): string | undefined {
  if (error instanceof ApiError && error.code === RPC_ERRORS.notRunning) return undefined;
  if (error instanceof ApiError && error.code === RPC_ERRORS.methodNotFound)
    return 'This helper cannot show routes: it is older than the designer (restart vnet after updating it).';
  return `The routes of ${name} could not be read: ${sentence(error)}`;
}

/** Keeps the selected router's routing live. Returns the unsubscribe function. */
export function followRoutes(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asking = false;
  let ended = false;
  const round = async (): Promise<void> => {
    timer = undefined;
    const node = followed(getState());
    if (node === undefined) return;
    const name = getState().topology.nodes.find((n) => n.id === node)?.name ?? node;
    asking = true;
    try {
      getState().routesAnswered(node, await api().node.routes({ node }));
    } catch (error) {
      const problem = routesProblem(error, name);
      if (problem) getState().routesFailed(node, problem);
    } finally {
      asking = false;
    }
    // Another router chosen meanwhile is read at once.
    schedule(followed(getState()) === node ? ROUTES_INTERVAL_MS : 0);
  };
  const schedule = (delay: number) => {
    if (!ended && !asking && timer === undefined && followed(getState()) !== undefined)
      timer = setTimeout(() => void round(), delay);
  };
  const wake = () => {
    const node = followed(getState());
    if (node !== getState().routerView?.node) {
      clearTimeout(timer);
      timer = undefined;
      getState().followRouter(node);
    }
    schedule(0);
  };
  const unsubscribe = useStore.subscribe(wake);
  document.addEventListener('visibilitychange', wake);
  wake();
  return () => {
    ended = true;
    clearTimeout(timer);
    unsubscribe();
    document.removeEventListener('visibilitychange', wake);
  };
}
