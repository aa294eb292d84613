/**
 * The running document as fault commands see it: names checked against it
 * before anything is sent, so an unknown link is the command line's own
 * message and nothing changes (common/scenario/links.ts patches a link).
 */
import type { RunningDocument } from '../common/protocol/helper.js';
import { STACK_KINDS, type Topology, type TopologyLink, type TopologyNode } from '../common/topology/index.js';
import type { Session } from './session.js';
import { UsageError } from './spec.js';

function list(ids: readonly string[]): string {
  return ids.length ? ids.join(', ') : 'none';
}

export function requireLink(topology: Topology, id: string, command: string): TopologyLink {
  const link = topology.links.find((l) => l.id === id);
  if (!link)
    throw new UsageError(
      `no link "${id}" in the running network (its links: ${list(topology.links.map((l) => l.id))})`,
      command,
    );
  return link;
}

/** A host or router: the nodes with a network stack, which crash, restart and join partitions. */
export function requireStackNode(topology: Topology, id: string, command: string): TopologyNode {
  const stacks = topology.nodes.filter((n) => STACK_KINDS.includes(n.kind));
  const node = stacks.find((n) => n.id === id);
  if (node) return node;
  const other = topology.nodes.find((n) => n.id === id);
  const why = other ? `"${id}" is a ${other.kind}, not a host or router` : `no node "${id}" in the running network`;
  throw new UsageError(`${why} (its hosts and routers: ${list(stacks.map((n) => n.id))})`, command);
}

export function runningDocument(session: Session): Promise<RunningDocument> {
  return session.call('network.get', {});
}
