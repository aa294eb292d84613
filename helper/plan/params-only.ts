/**
 * The common live edit changes only link parameters (or only positions):
 * then the running plan stays, with the new parameters, and neither
 * planning a 1,000-host network again nor diffing every host is needed.
 * Nodes and links that come from the same parsed object as the running
 * topology's (see common/protocol/apply-params.ts) are known unchanged at once.
 */
import type { Topology, TopologyLink, TopologyNode } from '../../common/topology/index.js';
import { sameParams, type NetworkDiff } from './diff.js';
import type { NetworkPlan, PlannedLink } from './plan.js';

function sameNode(a: TopologyNode, b: TopologyNode): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.kind === b.kind &&
      a.name === b.name &&
      JSON.stringify(a.processes ?? []) === JSON.stringify(b.processes ?? []))
  );
}

function sameEnds(a: TopologyLink, b: TopologyLink): boolean {
  return a === b || (a.id === b.id && JSON.stringify([a.a, a.b]) === JSON.stringify([b.a, b.b]));
}

/** What diffPlans gives when only these links' parameters changed. */
function paramsDiff(links: PlannedLink[]): NetworkDiff {
  return {
    removedHosts: [],
    addedHosts: [],
    removedSegments: [],
    addedSegments: [],
    removedInterfaces: [],
    addedInterfaces: [],
    linkParams: links,
    reroutedHosts: [],
    summary: { added: [], removed: [], changed: links.map((l) => l.id) },
  };
}

/** The running plan with the new link parameters and its diff, or undefined when anything else changed. */
export function paramsOnlyChange(
  running: Topology,
  plan: NetworkPlan,
  next: Topology,
): { plan: NetworkPlan; diff: NetworkDiff } | undefined {
  const same =
    running.nodes.length === next.nodes.length &&
    running.links.length === next.links.length &&
    running.routing === next.routing &&
    JSON.stringify(running.addressPool) === JSON.stringify(next.addressPool) &&
    running.nodes.every((n, i) => next.nodes[i] !== undefined && sameNode(n, next.nodes[i])) &&
    running.links.every((l, i) => next.links[i] !== undefined && sameEnds(l, next.links[i]));
  if (!same) return undefined;
  const links = new Map(plan.links);
  const changed: PlannedLink[] = [];
  next.links.forEach((link, i) => {
    const planned = links.get(link.id);
    if (link === running.links[i] || !planned || sameParams(planned.params, link.params)) return;
    const updated = { ...planned, params: link.params };
    links.set(link.id, updated);
    changed.push(updated);
  });
  return { plan: { ...plan, links }, diff: paramsDiff(changed) };
}
