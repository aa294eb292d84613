/**
 * The mark of a link being captured by this view: a small "REC" dot near each
 * captured end (side a is the link's source end), for as long as the capture runs.
 */
import { runningCaptures } from '../store/capture.js';
import { useStore } from '../store/index.js';
import type { State } from '../store/state.js';

interface Point {
  x: number;
  y: number;
}

/** How far along the line from the captured end the badge sits. */
const ALONG = 0.22;

/** "a", "b", "ab" or "": this link's captured sides (a string, so the selector's result compares by value). */
const capturedSides = (link: string) => (s: State) =>
  [
    ...new Set(
      runningCaptures(s.captures).flatMap((c) => c.interfaces.filter((i) => i.link === link).map((i) => i.side)),
    ),
  ]
    .sort()
    .join('');

export function CaptureBadge({ link, start, end }: { link: string; start: Point; end: Point }) {
  const sides = useStore(capturedSides(link));
  if (!sides) return null;
  return (
    <>
      {[...sides].map((side) => {
        const [from, to] = side === 'a' ? [start, end] : [end, start];
        const at = { x: from.x + (to.x - from.x) * ALONG, y: from.y + (to.y - from.y) * ALONG };
        return (
          <g
            key={side}
            className="capture-badge"
            transform={`translate(${at.x} ${at.y})`}
            data-testid={`capture-badge-${link}-${side}`}
          >
            <title>Capturing side {side}</title>
            <circle r={7} />
            <circle r={3} className="capture-badge-dot" />
          </g>
        );
      })}
    </>
  );
}
