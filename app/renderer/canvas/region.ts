/**
 * The part of a big drawing handed to React Flow. React Flow walks all its
 * nodes and edges on every pan step (to find the visible ones and the
 * selection), which at 10,000 hosts costs more than a frame; so it gets
 * only the nodes around the view: a region one view wider on every side,
 * chosen again only when the view leaves it (or, zoomed in, is much
 * smaller than it), with the far ends of links that leave it.
 */
import type { Endpoint } from '../../../common/topology/index.js';
import { NODE_SIZE } from '../actions/layout.js';
import type { Box } from './geometry.js';

/** A region this many times the view's area (or more) is chosen again, so zooming in sheds nodes. */
const SHRINK_AT = 16;

/** The region for a view: the view and one view's width and height around it. */
export const regionAround = (view: Box): Box => ({
  x: view.x - view.width,
  y: view.y - view.height,
  width: view.width * 3,
  height: view.height * 3,
});

const inside = (outer: Box, inner: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

/** True when the view has left the region, or the region is too big for it. */
export const needsNewRegion = (region: Box | undefined, view: Box): boolean =>
  !region || !inside(region, view) || region.width * region.height > SHRINK_AT * view.width * view.height;

const meets = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

interface Placed {
  id: string;
  position: { x: number; y: number };
  size?: { width: number; height: number };
}

/** The items of the region and the links among them, a link leaving it bringing its far end. */
export function inRegion<N extends Placed, L extends { a: Endpoint; b: Endpoint }>(
  region: Box,
  nodes: readonly N[],
  links: readonly L[],
): { nodes: N[]; links: L[] } {
  const kept = new Set(
    nodes.filter((n) => meets(region, { ...n.position, ...(n.size ?? NODE_SIZE) })).map((n) => n.id),
  );
  const ends = links.filter((l) => kept.has(l.a.node) || kept.has(l.b.node));
  ends.forEach((l) => kept.add(l.a.node).add(l.b.node));
  return { nodes: nodes.filter((n) => kept.has(n.id)), links: ends };
}
