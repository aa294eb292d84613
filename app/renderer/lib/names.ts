/** Nodes, links and directions in the words users see: node names, not ids. */
import type { Direction, TopologyLink, TopologyNode } from '../../../common/topology/index.js';

export const nodeName = (nodes: readonly TopologyNode[], id: string) => nodes.find((n) => n.id === id)?.name ?? id;

/** "web → db" for a>b of a link from web to db. */
export function directionLabel(link: TopologyLink, direction: Direction, nodes: readonly TopologyNode[]): string {
  const [from, to] = direction === 'a>b' ? [link.a.node, link.b.node] : [link.b.node, link.a.node];
  return `${nodeName(nodes, from)} → ${nodeName(nodes, to)}`;
}
