/** One small line icon per node kind (24×24, stroke drawn in the current colour). */
import type { NodeKind } from '../../../common/topology/index.js';
import { LineIcon } from '../icons/index.js';

const PATHS: Record<NodeKind, string> = {
  // A screen on a stand.
  host: 'M3 4h18v12H3z M8 20h8 M12 16v4',
  // A round router with four arrows.
  router: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18 M7 12h10 M12 7v10 M14 9l3 3l-3 3 M10 9l-3 3l3 3',
  // A box with ports.
  switch: 'M2 7h20v10H2z M6 12h0.01 M10 12h0.01 M14 12h0.01 M18 12h0.01 M5 17v2 M19 17v2',
  // A box with one shared line.
  hub: 'M3 8h18v8H3z M6 12h12 M8 16v3 M12 16v3 M16 16v3',
};

/** Each kind's colour where a node is drawn small (the overview). */
export const KIND_COLOURS: Record<NodeKind, string> = {
  host: '#2563eb',
  router: '#9333ea',
  switch: '#0f766e',
  hub: '#b45309',
};

export function KindIcon({ kind, size = 20 }: { kind: NodeKind; size?: number }) {
  return <LineIcon d={PATHS[kind]} size={size} />;
}
