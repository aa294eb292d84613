/** Automatic layout (dagre, layered top to bottom) for imported or generated networks. */
import dagre from '@dagrejs/dagre';
import type { Topology } from '../../../common/topology/index.js';
import { fitPatch } from '../store/state.js';
import { commitTopology, type Action } from './action.js';

/** Room a node takes on the canvas, in flow units (matches the node's CSS box). */
export const NODE_SIZE = { width: 120, height: 64 };

export function layoutTopology(topology: Topology): Topology {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 90, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  topology.nodes.forEach((n) => graph.setNode(n.id, { ...NODE_SIZE }));
  topology.links.forEach((l) => graph.setEdge(l.a.node, l.b.node));
  dagre.layout(graph);
  const nodes = topology.nodes.map((n) => {
    const { x, y } = graph.node(n.id);
    // dagre gives centres; the canvas positions nodes by their top-left corner.
    return { ...n, position: { x: Math.round(x - NODE_SIZE.width / 2), y: Math.round(y - NODE_SIZE.height / 2) } };
  });
  return { ...topology, nodes };
}

/** A document whose nodes all sit on one spot (generated, or written by hand) gets laid out on open. */
export function needsLayout(topology: Topology): boolean {
  const [first, ...rest] = topology.nodes;
  return (
    !!first &&
    rest.length > 0 &&
    rest.every((n) => n.position.x === first.position.x && n.position.y === first.position.y)
  );
}

export const autoLayout: Action = {
  name: 'autoLayout',
  label: 'Automatic layout',
  keys: [{ key: 'l', mod: true, shift: true }],
  perform: (state) =>
    state.topology.nodes.length ? commitTopology(state, layoutTopology(state.topology), fitPatch(state, false)) : null,
};
