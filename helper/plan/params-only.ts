/**
 * The common live edit changes only links' parameters, state (up/down) or
 * programs, or only positions: then the running plan stays, with the new links, and neither
 * planning a 1,000-host network again nor diffing every host is needed.
 * Nodes and links that come from the same parsed object as the running
 * topology's (see common/protocol/apply-params.ts) are known unchanged at once.
 */
import type { Topology, TopologyLink, TopologyNode } from '../../common/topology/index.js';
import { samePrograms } from '../../common/topology/link-programs.js';
import { sameEmulation, type NetworkDiff } from './diff.js';
import { plannedLink, type NetworkPlan, type PlannedLink } from './plan.js';

function sameNode(a: TopologyNode, b: TopologyNode): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.kind === b.kind &&
      a.name === b.name &&
      a.template === b.template &&
      a.routing === b.routing &&
      a.asn === b.asn &&
      a.frr === b.frr &&
      a.frrFile === b.frrFile &&
      JSON.stringify([a.processes, a.privateDirs, a.params]) === JSON.stringify([b.processes, b.privateDirs, b.params]))
  );
}

function sameEnds(a: TopologyLink, b: TopologyLink): boolean {
  return a === b || (a.id === b.id && JSON.stringify([a.a, a.b]) === JSON.stringify([b.a, b.b]));
}

/** What diffPlans gives when only these links' parameters (linkParams), state (carrier) or programs changed. */
function paramsDiff(linkParams: PlannedLink[], carrier: PlannedLink[], programs: PlannedLink[]): NetworkDiff {
  const changed = new Set([...linkParams, ...carrier, ...programs].map((l) => l.id));
  return {
    removedHosts: [],
    addedHosts: [],
    removedSegments: [],
    addedSegments: [],
    removedSwitches: [],
    addedSwitches: [],
    removedTrunks: [],
    addedTrunks: [],
    removedInterfaces: [],
    addedInterfaces: [],
    linkParams,
    carrier,
    programs,
    reroutedHosts: [],
    restartedRouters: [],
    summary: { added: [], removed: [], changed: [...changed] },
  };
}

/** The running plan with the new link parameters, states and programs and its diff, or undefined when anything else changed. */
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
    JSON.stringify(running.templates ?? {}) === JSON.stringify(next.templates ?? {}) &&
    running.nodes.every((n, i) => next.nodes[i] !== undefined && sameNode(n, next.nodes[i])) &&
    running.links.every((l, i) => next.links[i] !== undefined && sameEnds(l, next.links[i]));
  if (!same) return undefined;
  const links = new Map(plan.links);
  const emulation: PlannedLink[] = [];
  const carrier: PlannedLink[] = [];
  const programs: PlannedLink[] = [];
  next.links.forEach((link, i) => {
    const planned = links.get(link.id);
    if (link === running.links[i] || !planned) return;
    const updated = plannedLink(link, planned.interfaces, planned.trunk);
    const newEmulation = !sameEmulation(planned, updated);
    const newPrograms = !samePrograms(planned.programs, updated.programs);
    if (!newEmulation && !newPrograms && planned.up === updated.up) return;
    links.set(link.id, updated);
    if (newEmulation) emulation.push(updated);
    if (planned.up !== updated.up) carrier.push(updated);
    if (newPrograms) programs.push(updated);
  });
  return { plan: { ...plan, links }, diff: paramsDiff(emulation, carrier, programs) };
}
