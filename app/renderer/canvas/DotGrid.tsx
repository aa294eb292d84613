/**
 * The dot grid behind the drawing. React Flow's Background moves an SVG
 * pattern, which repaints the whole pane on every pan step; this grid is a
 * layer painted once per zoom level and only shifted (by less than one tile)
 * while panning, which the compositor does without repainting.
 */
import { useStore as useFlowStore, type ReactFlowState } from '@xyflow/react';
import type { CSSProperties } from 'react';

const GAP = 24;
/** Closer dots than this (zoomed far out) are noise, not a guide. */
const MIN_TILE_PX = 8;

const selectTransform = (s: ReactFlowState) => s.transform;
/** Offset in (-tile, 0]: the layer starts one tile early so a shift never uncovers an edge. */
const shift = (translate: number, tile: number) => (((translate % tile) + tile) % tile) - tile;

export function DotGrid() {
  const [x, y, zoom] = useFlowStore(selectTransform);
  const tile = GAP * zoom;
  if (tile < MIN_TILE_PX) return null;
  const style = {
    '--tile': `${tile}px`,
    transform: `translate(${shift(x, tile)}px, ${shift(y, tile)}px)`,
  } as CSSProperties;
  return <div className="dot-grid" style={style} />;
}
