/** Adding nodes from the palette and links drawn between handles. */
import type { NodeKind, TopologyLink } from '../../../common/topology/index.js';
import { linkParamsSchema } from '../../../common/topology/index.js';
import { nodeName } from '../lib/names.js';
import { commitTopology, type Action } from './action.js';
import { freshLinkId, freshNodeId, takenNodeWords } from './ids.js';

export interface Point {
  x: number;
  y: number;
}

export const addNode: Action<{ kind: NodeKind; position: Point }> = {
  name: 'addNode',
  label: 'Add node',
  perform(state, { kind, position }) {
    const id = freshNodeId(kind, takenNodeWords(state.topology));
    const node = { id, kind, name: id, position: { x: Math.round(position.x), y: Math.round(position.y) } };
    return commitTopology(
      state,
      { ...state.topology, nodes: [...state.topology.nodes, node] },
      { selectedNodes: [id], selectedLinks: [] },
    );
  },
};

/** Default link parameters, as the schema fills them in. */
export const defaultLinkParams = () => linkParamsSchema.parse({});

export const connect: Action<{ a: string; b: string }> = {
  name: 'connect',
  label: 'Connect',
  perform(state, { a, b }) {
    const { nodes, links } = state.topology;
    if (a === b || !nodes.some((n) => n.id === a) || !nodes.some((n) => n.id === b)) return null;
    const joined = (l: TopologyLink) => (l.a.node === a && l.b.node === b) || (l.a.node === b && l.b.node === a);
    if (links.some(joined)) return { error: `${nodeName(nodes, a)} and ${nodeName(nodes, b)} are already linked` };
    const id = freshLinkId(a, b, new Set(links.map((l) => l.id)));
    const link: TopologyLink = { id, a: { node: a }, b: { node: b }, params: defaultLinkParams() };
    return commitTopology(
      state,
      { ...state.topology, links: [...links, link] },
      { selectedNodes: [], selectedLinks: [id] },
    );
  },
};
