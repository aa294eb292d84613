/**
 * A link on the canvas: a straight line between node borders whose colour
 * and thickness follow its load, with a label for emulated delay/loss and
 * for drops (labels only at a zoom where they can be read). Subscribes to
 * its own counters only.
 */
import {
  EdgeLabelRenderer,
  useInternalNode,
  useStore as useFlowStore,
  type EdgeProps,
  type InternalNode,
} from '@xyflow/react';
import { memo } from 'react';
import { isLinkUp, type LinkParams } from '../../../common/topology/index.js';
import { compact } from '../lib/format.js';
import { useStore } from '../store/index.js';
import { CaptureBadge } from './CaptureBadge.js';
import { showsDetail, type LinkFlowEdge } from './flow.js';
import { useLabMarks } from './labMarks.js';
import { borderPoint, centreOf, loadStyle, type Box } from './geometry.js';

const boxOf = (node: InternalNode): Box => ({
  ...node.internals.positionAbsolute,
  width: node.measured.width ?? 0,
  height: node.measured.height ?? 0,
});

/** The straight line between two nodes' borders, as an SVG path, and its ends. */
export function straightLine(source: InternalNode, target: InternalNode) {
  const a = boxOf(source);
  const b = boxOf(target);
  const start = borderPoint(a, centreOf(b));
  const end = borderPoint(b, centreOf(a));
  return { start, end, path: `M ${start.x},${start.y} L ${end.x},${end.y}` };
}

function paramsText(p: LinkParams): string {
  const parts = [];
  if (p.delayMs) parts.push(`${p.delayMs} ms${p.jitterMs ? ` ±${p.jitterMs}` : ''}`);
  if (p.lossPercent) parts.push(`${p.lossPercent}% loss`);
  if (p.duplicatePercent) parts.push(`${p.duplicatePercent}% dup`);
  if (p.rateBps) parts.push(`${compact(p.rateBps)}bit/s`);
  return parts.join(' · ');
}

/** A cut cable: dashed, with a scissors mark on a gap in the middle. */
const CUT_DASHES = '4 4';

function CutMark({ at }: { at: { x: number; y: number } }) {
  return (
    <g className="link-cut" transform={`translate(${at.x} ${at.y})`}>
      <circle r={9} />
      <text textAnchor="middle" dominantBaseline="central">
        ✂
      </text>
    </g>
  );
}

export const LinkEdge = memo(function LinkEdge({ id, source, target, data, selected }: EdgeProps<LinkFlowEdge>) {
  const sourceNode = useInternalNode(source);
  const targetNode = useInternalNode(target);
  const sample = useStore((s) => s.linkCounters[id]);
  const detailed = useFlowStore(showsDetail);
  const lab = useLabMarks({ link: id });
  if (!sourceNode || !targetNode || !data) return null;

  const { start, end, path } = straightLine(sourceNode, targetNode);
  const load = sample ? sample.rxBps + sample.txBps : 0;
  const drops = sample?.drops ?? 0;
  const style = loadStyle(load, data.link.params.rateBps);
  const up = isLinkUp(data.link);
  const label = [paramsText(data.link.params), drops ? `✕ ${compact(drops)} dropped` : ''].filter(Boolean).join(' · ');
  const middle = { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 };

  return (
    <>
      <path
        d={path}
        className={`link-path${selected ? ' selected' : ''}${lab.className}`}
        stroke={selected ? '#2563eb' : style.colour}
        strokeWidth={selected ? style.width + 1 : style.width}
        strokeDasharray={up ? (drops ? '6 3' : undefined) : CUT_DASHES}
        fill="none"
        data-testid={`edge-${id}`}
        data-load={load}
        data-drops={drops}
        data-up={up}
        data-locked={lab.locked}
        data-lab-focus={lab.focus}
      />
      {!up && <CutMark at={middle} />}
      <CaptureBadge link={id} start={start} end={end} />
      <path d={path} className="react-flow__edge-interaction" strokeWidth={16} stroke="transparent" fill="none" />
      {label && detailed && (
        <EdgeLabelRenderer>
          <div
            className={`link-label${drops ? ' dropping' : ''}`}
            data-testid={`edge-label-${id}`}
            style={{
              transform: `translate(-50%, -50%) translate(${middle.x}px, ${middle.y}px)`,
            }}
          >
            {label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
