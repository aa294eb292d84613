/**
 * The common live edit changes only link parameters (or only positions):
 * then the running plan stays, with the new parameters, and planning a
 * 1,000-host network again is skipped.
 */
import type { Topology, TopologyLink, TopologyNode } from '../../common/topology/index.js';
import type { NetworkPlan } from './plan.js';

function sameNode(a: TopologyNode, b: TopologyNode): boolean {
  return (
    a.id === b.id &&
    a.kind === b.kind &&
    a.name === b.name &&
    JSON.stringify(a.processes ?? []) === JSON.stringify(b.processes ?? [])
  );
}

function sameEnds(a: TopologyLink, b: TopologyLink): boolean {
  return a.id === b.id && JSON.stringify([a.a, a.b]) === JSON.stringify([b.a, b.b]);
}

/** The running plan with the new link parameters, or undefined when anything else changed. */
export function planWithNewParams(running: Topology, plan: NetworkPlan, next: Topology): NetworkPlan | undefined {
  const same =
    running.nodes.length === next.nodes.length &&
    running.links.length === next.links.length &&
    running.routing === next.routing &&
    JSON.stringify(running.addressPool) === JSON.stringify(next.addressPool) &&
    running.nodes.every((n, i) => next.nodes[i] !== undefined && sameNode(n, next.nodes[i])) &&
    running.links.every((l, i) => next.links[i] !== undefined && sameEnds(l, next.links[i]));
  if (!same) return undefined;
  const links = new Map(plan.links);
  for (const link of next.links) {
    const planned = links.get(link.id);
    if (planned) links.set(link.id, { ...planned, params: link.params });
  }
  return { ...plan, links };
}
