/**
 * Nodes, links and directions in the words users see: node names, never
 * ids (a link's id was made from its ends' names when it was drawn, so it
 * goes on saying h1 after h1 became web). Every title, label and list a
 * user reads takes its names from here.
 */
import type { Direction, TopologyLink, TopologyNode } from '../../../common/topology/index.js';

/** Names by id, one index per nodes array (a document's nodes array is replaced, never changed, by an edit). */
const indexes = new WeakMap<readonly TopologyNode[], Map<string, string>>();

function namesOf(nodes: readonly TopologyNode[]): Map<string, string> {
  let names = indexes.get(nodes);
  if (!names) {
    names = new Map(nodes.map((n) => [n.id, n.name]));
    indexes.set(nodes, names);
  }
  return names;
}

/**
 * A node's display name: its name, or its id while it has none (a node being removed). Looked up in an
 * index: edges name their ends on every counter tick, and a search of 10,000 nodes each time cost frames.
 */
export const nodeName = (nodes: readonly TopologyNode[], id: string) => namesOf(nodes).get(id) ?? id;

/** "web — s1" for a link between web and s1. */
export function linkName(link: Pick<TopologyLink, 'a' | 'b'>, nodes: readonly TopologyNode[]): string {
  return `${nodeName(nodes, link.a.node)} — ${nodeName(nodes, link.b.node)}`;
}

/** "web → db" for a>b of a link from web to db. */
export function directionLabel(link: TopologyLink, direction: Direction, nodes: readonly TopologyNode[]): string {
  const [from, to] = direction === 'a>b' ? [link.a.node, link.b.node] : [link.b.node, link.a.node];
  return `${nodeName(nodes, from)} → ${nodeName(nodes, to)}`;
}
