/**
 * The routing slice: the live routing of the one router selected while the network runs
 * (services/routing.ts asks node.routes every few seconds), and how its table changed since the
 * answer before: routes that appeared, and those that vanished (kept one refresh, shown struck through).
 */
import type { LiveRoute, NodeRouting } from '../../../common/protocol/helper.js';
import type { SliceCreator } from './slice.js';

export interface RouterView {
  node: string;
  /** The last answer; undefined until the first. */
  routing: NodeRouting | undefined;
  /** Keys (routeKey) of the routes that were not in the answer before. */
  appeared: ReadonlySet<string>;
  /** Routes of the answer before that this one has not. */
  vanished: readonly LiveRoute[];
  /** Why it could not be read, in words; undefined when the last read worked. */
  problem: string | undefined;
}

export interface RoutingSlice {
  /** The router followed, undefined when none is (none selected, or the network not running). */
  routerView: RouterView | undefined;
}

export interface RoutingActions {
  /** Follows this router from now (its view starts empty); undefined follows none. */
  followRouter(node: string | undefined): void;
  /** An answer for `node` (ignored unless it is the router followed). */
  routesAnswered(node: string, routing: NodeRouting): void;
  routesFailed(node: string, problem: string): void;
}

/** A route as one row: the same destination by another hop or interface is another row. */
export const routeKey = (r: LiveRoute) => `${r.family} ${r.destination} ${r.via ?? ''} ${r.device} ${r.protocol}`;

/** The view after an answer: what appeared and vanished against the answer before (nothing on the first). */
export function afterAnswer(view: RouterView, routing: NodeRouting): RouterView {
  const before = view.routing?.routes;
  if (!before) return { ...view, routing, appeared: new Set(), vanished: [], problem: undefined };
  const now = new Set(routing.routes.map(routeKey));
  const was = new Set(before.map(routeKey));
  return {
    ...view,
    routing,
    appeared: new Set([...now].filter((key) => !was.has(key))),
    vanished: before.filter((r) => !now.has(routeKey(r))),
    problem: undefined,
  };
}

export const createRoutingSlice: SliceCreator<RoutingSlice & RoutingActions> = (set, get) => {
  const change = (node: string, edit: (view: RouterView) => RouterView) => {
    const view = get().routerView;
    if (view?.node === node) set({ routerView: edit(view) });
  };
  return {
    routerView: undefined,
    followRouter: (node) => {
      if (node === get().routerView?.node) return;
      set({
        routerView:
          node === undefined
            ? undefined
            : { node, routing: undefined, appeared: new Set(), vanished: [], problem: undefined },
      });
    },
    routesAnswered: (node, routing) => change(node, (view) => afterAnswer(view, routing)),
    routesFailed: (node, problem) => change(node, (view) => ({ ...view, problem })),
  };
};
