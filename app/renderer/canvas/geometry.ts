/** Where a straight link between two node centres meets each node's border (floating edges). */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const centreOf = (box: Box) => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 });

/** The point where the segment from `box`'s centre towards `toward` leaves the box. */
export function borderPoint(box: Box, toward: { x: number; y: number }): { x: number; y: number } {
  const c = centreOf(box);
  const dx = toward.x - c.x;
  const dy = toward.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const scale = Math.min(dx ? box.width / 2 / Math.abs(dx) : Infinity, dy ? box.height / 2 / Math.abs(dy) : Infinity);
  return { x: c.x + dx * Math.min(scale, 1), y: c.y + dy * Math.min(scale, 1) };
}

/** Colour and width for a link's load: bytes/s both ways, against its rate limit when it has one. */
export function loadStyle(bytesPerSecond: number, rateBps: number): { colour: string; width: number } {
  if (bytesPerSecond <= 0) return { colour: '#94a3b8', width: 1.5 };
  // In half pixels: a load that moves a little leaves the line as it is, and nothing is drawn again.
  const width = Math.round(2 * Math.min(8, 2 + Math.log10(1 + bytesPerSecond) / 1.2)) / 2;
  const share = rateBps > 0 ? (bytesPerSecond * 8) / rateBps : Math.log10(1 + bytesPerSecond) / 9;
  const colour = share >= 0.9 ? '#dc2626' : share >= 0.5 ? '#d97706' : '#16a34a';
  return { colour, width };
}

/** The smallest box holding all `boxes` (a zero box at the origin when there are none). */
export function boundsOf(boxes: readonly Box[]): Box {
  if (!boxes.length) return { x: 0, y: 0, width: 0, height: 0 };
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** How flow coordinates map into a small overview: one scale for both axes, the drawing centred. */
export interface OverviewFrame {
  scale: number;
  dx: number;
  dy: number;
}

export function overviewFrame(bounds: Box, size: { width: number; height: number }, margin: number): OverviewFrame {
  const scale = Math.min(
    (size.width - 2 * margin) / Math.max(1, bounds.width),
    (size.height - 2 * margin) / Math.max(1, bounds.height),
  );
  return {
    scale,
    dx: (size.width - bounds.width * scale) / 2 - bounds.x * scale,
    dy: (size.height - bounds.height * scale) / 2 - bounds.y * scale,
  };
}

export const toOverview = (f: OverviewFrame, p: { x: number; y: number }) => ({
  x: p.x * f.scale + f.dx,
  y: p.y * f.scale + f.dy,
});

export const fromOverview = (f: OverviewFrame, p: { x: number; y: number }) => ({
  x: (p.x - f.dx) / f.scale,
  y: (p.y - f.dy) / f.scale,
});

/** The part of the drawing on screen, in flow coordinates, for a React Flow transform [x, y, zoom]. */
export const visibleArea = ([x, y, zoom]: readonly [number, number, number], width: number, height: number): Box => ({
  x: -x / zoom,
  y: -y / zoom,
  width: width / zoom,
  height: height / zoom,
});

export interface View {
  x: number;
  y: number;
  zoom: number;
}

const holds = (outer: Box, inner: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

/**
 * The view after the canvas changed size (the terminal dock opened or closed):
 * a drawing that was all in view is fitted again, so nothing ends up behind
 * the dock; otherwise the point at the centre stays at the centre.
 */
export function viewAfterResize(
  view: View,
  before: { width: number; height: number },
  after: { width: number; height: number },
  drawing: Box,
): View | 'fit' {
  if (holds(visibleArea([view.x, view.y, view.zoom], before.width, before.height), drawing)) return 'fit';
  return {
    x: view.x + (after.width - before.width) / 2,
    y: view.y + (after.height - before.height) / 2,
    zoom: view.zoom,
  };
}
