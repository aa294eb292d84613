/**
 * Arranging the selection: align its nodes on one edge, spread them evenly,
 * and the offset that keeps pasted nodes off the ones already drawn.
 */
import type { TopologyNode } from '../../../common/topology/index.js';
import type { State } from '../store/state.js';
import { commitTopology, type Action } from './action.js';
import type { Point } from './create.js';
import { NODE_SIZE } from './layout.js';

type Axis = 'x' | 'y';

const selectedNodes = (state: State): TopologyNode[] => {
  const chosen = new Set(state.selectedNodes);
  return state.topology.nodes.filter((n) => chosen.has(n.id));
};

/** The document with these nodes moved (one undo step), or null when nothing moves. */
function moved(state: State, positions: ReadonlyMap<string, Point>) {
  const changed = state.topology.nodes.filter((n) => {
    const to = positions.get(n.id);
    return to && (to.x !== n.position.x || to.y !== n.position.y);
  });
  if (!changed.length) return null;
  const nodes = state.topology.nodes.map((n) => {
    const position = positions.get(n.id);
    return position ? { ...n, position } : n;
  });
  return commitTopology(state, { ...state.topology, nodes });
}

/** Every selected node's `axis` set to the smallest among them (left or top edges in a line). */
export function aligned(nodes: readonly TopologyNode[], axis: Axis): Map<string, Point> {
  const edge = Math.min(...nodes.map((n) => n.position[axis]));
  return new Map(nodes.map((n) => [n.id, { ...n.position, [axis]: edge }]));
}

/** The selected nodes spread along `axis` with equal steps between the first and the last, in their order there. */
export function distributed(nodes: readonly TopologyNode[], axis: Axis): Map<string, Point> {
  const sorted = [...nodes].sort((a, b) => a.position[axis] - b.position[axis]);
  const first = sorted[0]?.position[axis] ?? 0;
  const step = ((sorted.at(-1)?.position[axis] ?? 0) - first) / Math.max(1, sorted.length - 1);
  return new Map(sorted.map((n, i) => [n.id, { ...n.position, [axis]: Math.round(first + i * step) }]));
}

const arranging = (
  name: string,
  label: string,
  least: number,
  arrange: (nodes: readonly TopologyNode[]) => Map<string, Point>,
): Action & { applies(state: State): boolean } => ({
  name,
  label,
  applies: (state) => state.selectedNodes.length >= least,
  perform(state) {
    const nodes = selectedNodes(state);
    return nodes.length >= least ? moved(state, arrange(nodes)) : null;
  },
});

export const alignLeft = arranging('alignLeft', 'Align left edges', 2, (nodes) => aligned(nodes, 'x'));
export const alignTop = arranging('alignTop', 'Align top edges', 2, (nodes) => aligned(nodes, 'y'));
export const distributeAcross = arranging('distributeAcross', 'Distribute across', 3, (nodes) =>
  distributed(nodes, 'x'),
);
export const distributeDown = arranging('distributeDown', 'Distribute down', 3, (nodes) => distributed(nodes, 'y'));

/** Nodes less than a node's size apart overlap. */
const overlaps = (a: Point, b: Point) =>
  Math.abs(a.x - b.x) < NODE_SIZE.width && Math.abs(a.y - b.y) < NODE_SIZE.height;

/**
 * How far to move nodes being pasted (or dropped as copies) so that none
 * lands on a node already drawn: `step` down and right, as many steps as
 * that takes (the first one at least, so a copy never hides its original).
 */
export function freeOffset(existing: readonly TopologyNode[], pasted: readonly TopologyNode[], step: number): number {
  for (let offset = step; ; offset += step) {
    const clear = pasted.every((p) => {
      const at = { x: p.position.x + offset, y: p.position.y + offset };
      return existing.every((n) => !overlaps(at, n.position));
    });
    if (clear) return offset;
  }
}
