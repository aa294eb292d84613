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
  const width = Math.min(8, 2 + Math.log10(1 + bytesPerSecond) / 1.2);
  const share = rateBps > 0 ? (bytesPerSecond * 8) / rateBps : Math.log10(1 + bytesPerSecond) / 9;
  const colour = share >= 0.9 ? '#dc2626' : share >= 0.5 ? '#d97706' : '#16a34a';
  return { colour, width };
}
