/**
 * Static shortest-path routes (routing `auto`): a breadth-first walk over
 * segments from each stack node, crossing only routers (hosts never
 * forward). The first router on the way is the next hop. A host whose every
 * remote subnet goes through one router just gets a default route.
 */
export interface RouteNode {
  id: string;
  forwards: boolean;
  /** Segment key and this node's address (without prefix) on it. */
  interfaces: { segment: string; address: string }[];
}

export interface PlannedRoute {
  /** Destination prefix, or `default`. */
  to: string;
  via: string;
}

export function computeRoutes(
  nodes: readonly RouteNode[],
  subnets: ReadonlyMap<string, string>,
): Map<string, PlannedRoute[]> {
  const routersOn = new Map<string, RouteNode[]>();
  for (const node of nodes.filter((n) => n.forwards)) {
    for (const i of node.interfaces) routersOn.set(i.segment, [...(routersOn.get(i.segment) ?? []), node]);
  }
  // A host's routes depend only on its segments (it forwards nothing): hosts of one subnet share one walk.
  const bySegments = new Map<string, PlannedRoute[]>();
  const routes = new Map<string, PlannedRoute[]>();
  for (const node of nodes) {
    const key = node.forwards ? undefined : node.interfaces.map((i) => i.segment).join(' ');
    let found = key === undefined ? undefined : bySegments.get(key);
    if (!found) {
      found = routesFrom(node, routersOn, subnets);
      if (key !== undefined) bySegments.set(key, found);
    }
    routes.set(node.id, found);
  }
  return routes;
}

function routesFrom(
  source: RouteNode,
  routersOn: ReadonlyMap<string, RouteNode[]>,
  subnets: ReadonlyMap<string, string>,
): PlannedRoute[] {
  const firstHop = new Map<string, string | undefined>(source.interfaces.map((i) => [i.segment, undefined]));
  const queue = source.interfaces.map((i) => i.segment);
  for (const segment of queue) {
    const hop = firstHop.get(segment);
    for (const router of routersOn.get(segment) ?? []) {
      if (router.id === source.id) continue;
      const via = hop ?? router.interfaces.find((x) => x.segment === segment)?.address;
      if (via === undefined) continue;
      for (const out of router.interfaces) {
        if (firstHop.has(out.segment)) continue;
        firstHop.set(out.segment, via);
        queue.push(out.segment);
      }
    }
  }
  const routes: PlannedRoute[] = [];
  for (const [segment, via] of firstHop) {
    const to = subnets.get(segment);
    if (via !== undefined && to !== undefined) routes.push({ to, via });
  }
  const hops = [...new Set(routes.map((r) => r.via))];
  if (!source.forwards && hops.length === 1) return [{ to: 'default', via: hops.join('') }];
  return routes;
}
