/**
 * The live routing of the selected router: while the network runs, one router is selected and the
 * window is seen, node.routes is asked every few seconds (one read at a time: the next waits for the
 * last answer) and the routing slice keeps what changed; anything else stops it.
 */
import { readProblem } from '../lib/sentences.js';
import { getState, type State } from '../store/index.js';
import { api } from './api.js';
import { poll } from './poll.js';

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
  return readProblem(error, 'show routes', `The routes of ${name} could not be read`);
}

/** Keeps the selected router's routing live. Returns the unsubscribe function. */
export function followRoutes(): () => void {
  return poll({
    due: () => followed(getState()) !== undefined,
    async ask() {
      const node = followed(getState()) as string;
      const name = getState().topology.nodes.find((n) => n.id === node)?.name ?? node;
      try {
        getState().routesAnswered(node, await api().node.routes({ node }));
      } catch (error) {
        const problem = routesProblem(error, name);
        if (problem) getState().routesFailed(node, problem);
      }
      // Another router chosen meanwhile is read at once.
      return followed(getState()) === node ? ROUTES_INTERVAL_MS : 0;
    },
    changed(state) {
      const node = followed(state);
      if (node === state.routerView?.node) return false;
      getState().followRouter(node);
      return true;
    },
  });
}
