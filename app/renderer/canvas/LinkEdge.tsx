/**
 * A link on the canvas: a straight line between node borders whose colour
 * and thickness follow its load, with a label for its emulation (what the
 * backend cannot apply struck through), its rates in each direction and its
 * drops by reason, and on demand each end's interface and address (labels
 * only at a zoom where they can be read). Subscribes to its own counters only.
 */
import {
  EdgeLabelRenderer,
  useInternalNode,
  useStore as useFlowStore,
  type EdgeProps,
  type InternalNode,
} from '@xyflow/react';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { interfaceAddresses, type CounterSample } from '../../../common/protocol/helper.js';
import { isLinkUp, LINK_PARAMS, type LinkParams, type TopologyLink } from '../../../common/topology/index.js';
import { readableQuantity } from '../../../common/units/units.js';
import { compact, dropsText } from '../lib/format.js';
import { paramsUnsupportedHere } from '../services/network.js';
import { useStore } from '../store/index.js';
import { CaptureBadge } from './CaptureBadge.js';
import { drawText, setText, useLiveCounters } from './live.js';
import type { State } from '../store/state.js';
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

/** The link's emulation, a part per parameter set ("delay 50 ms"); `unsupported` are struck through: not in effect. */
function ParamsText({ params, unsupported }: { params: LinkParams; unsupported: string }) {
  const set = LINK_PARAMS.filter((p) => p.emulated && params[p.field]);
  return set.map((p, i) => {
    const text = `${i ? ' · ' : ''}${p.name} ${readableQuantity(p.quantity, params[p.field])}`;
    return unsupported.split(',').includes(p.name) ? (
      <s key={p.name} className="not-applied" title={`${p.name} is not applied: this backend cannot emulate it here`}>
        {text}
      </s>
    ) : (
      <span key={p.name}>{text}</span>
    );
  });
}

/** paramsUnsupportedHere as one string, made once per helper and backend rather than once per link per update. */
let unsupportedCache = {
  helperVersion: undefined as State['helperVersion'],
  backend: '' as State['backend'],
  names: '',
};
function unsupportedHere(state: State): string {
  const { helperVersion, backend } = state;
  if (unsupportedCache.helperVersion !== helperVersion || unsupportedCache.backend !== backend)
    unsupportedCache = { helperVersion, backend, names: paramsUnsupportedHere(state).join(',') };
  return unsupportedCache.names;
}

const rates = (arrow: string, pps: number, bps: number) => `${arrow} ${compact(pps)} pps ${compact(bps * 8)}bit/s`;

/**
 * Both directions' rates, a>b on the first line (a link's counters are seen from its a end: it sends
 * a>b, receives b>a): a label half as wide meets its neighbours' less often. Drawn (live.ts: drawText).
 */
function writeRates(canvas: HTMLCanvasElement, sample: CounterSample): void {
  canvas.dataset.abPps = String(sample.txPps);
  canvas.dataset.baPps = String(sample.rxPps);
  drawText(canvas, `${rates('▸', sample.txPps, sample.txBps)}\n${rates('◂', sample.rxPps, sample.rxBps)}`);
}

function writeDrops(element: HTMLElement, sample: CounterSample): void {
  setText(element, `✕ ${dropsText(sample)}`);
}

function RatesText({ id }: { id: string }) {
  return (
    <canvas
      ref={useLiveCounters('linkCounters', id, writeRates)}
      className="link-rates"
      data-testid={`link-rates-${id}`}
      role="img"
    />
  );
}

const DropsText = ({ id }: { id: string }) => <div ref={useLiveCounters('linkCounters', id, writeDrops)} />;

/** What one end of a link is in the running network (else as drawn): "eth0 10.0.1.2/24 fd00:0:0:1::2/64". */
function endText(state: State, link: TopologyLink, side: 'a' | 'b'): string | undefined {
  if (!state.showInterfaces) return undefined;
  const iface = state.networkHosts[link[side].node]?.interfaces.find((i) => i.linkId === link.id);
  return [iface?.name, ...interfaceAddresses(iface ?? link[side])].filter(Boolean).join(' ') || undefined;
}

function EndLabel({ text, at, testId }: { text: string | undefined; at: { x: number; y: number }; testId: string }) {
  if (!text) return null;
  return (
    <div
      className="link-end"
      data-testid={testId}
      style={{ transform: `translate(-50%, -50%) translate(${at.x}px, ${at.y}px)` }}
    >
      {text}
    </div>
  );
}

const along = (from: { x: number; y: number }, to: { x: number; y: number }, share: number) => ({
  x: from.x + (to.x - from.x) * share,
  y: from.y + (to.y - from.y) * share,
});

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

/** What the label shows of its counters: whether anything moves, whether any were dropped. */
function labelShape(sample: CounterSample | undefined) {
  return { moving: !!sample && (sample.rxPps > 0 || sample.txPps > 0), dropping: (sample?.drops ?? 0) > 0 };
}

/**
 * The label at the middle: the emulation, the rates while anything moves, the
 * drops by reason once there are any. It renders when those come or go; their
 * numbers are written as they change (live.ts).
 */
const LinkLabel = memo(function LinkLabel({ link, x, y }: { link: TopologyLink; x: number; y: number }) {
  const { moving, dropping } = useStore(useShallow((s) => labelShape(s.linkCounters[link.id])));
  const unsupported = useStore(unsupportedHere);
  const emulated = LINK_PARAMS.some((p) => p.emulated && link.params[p.field]);
  if (!emulated && !moving && !dropping) return null;
  return (
    <div
      className={`link-label${dropping ? ' dropping' : ''}`}
      data-testid={`edge-label-${link.id}`}
      style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}
    >
      {emulated && (
        <div>
          <ParamsText params={link.params} unsupported={unsupported} />
        </div>
      )}
      {moving && <RatesText id={link.id} />}
      {dropping && <DropsText id={link.id} />}
    </div>
  );
});

/** What the line shows of its counters: these change far less often than the numbers (widths are in half pixels). */
function lineCounters(sample: CounterSample | undefined, rateBps: number) {
  const { colour, width } = loadStyle(sample ? sample.rxBps + sample.txBps : 0, rateBps);
  return { colour, width, drops: sample?.drops ?? 0 };
}

export const LinkEdge = memo(function LinkEdge({ id, source, target, data, selected }: EdgeProps<LinkFlowEdge>) {
  const sourceNode = useInternalNode(source);
  const targetNode = useInternalNode(target);
  const { colour, width, drops } = useStore(
    useShallow((s) => lineCounters(s.linkCounters[id], data?.link.params.rateBps ?? 0)),
  );
  const detailed = useFlowStore(showsDetail);
  const lab = useLabMarks({ link: id });
  const ends = useStore((s) => (data ? [endText(s, data.link, 'a'), endText(s, data.link, 'b')].join('\n') : ''));
  if (!sourceNode || !targetNode || !data) return null;

  const { start, end, path } = straightLine(sourceNode, targetNode);
  const up = isLinkUp(data.link);
  const middle = along(start, end, 0.5);
  const [aEnd, bEnd] = ends.split('\n');

  return (
    <>
      <path
        d={path}
        className={`link-path${selected ? ' selected' : ''}${lab.className}`}
        stroke={selected ? '#2563eb' : colour}
        strokeWidth={selected ? width + 1 : width}
        strokeDasharray={up ? (drops ? '6 3' : undefined) : CUT_DASHES}
        fill="none"
        data-testid={`edge-${id}`}
        data-drops={drops}
        data-up={up}
        data-locked={lab.locked}
        data-lab-focus={lab.focus}
      />
      {!up && <CutMark at={middle} />}
      <CaptureBadge link={id} start={start} end={end} />
      <path d={path} className="react-flow__edge-interaction" strokeWidth={16} stroke="transparent" fill="none" />
      {detailed && (
        <EdgeLabelRenderer>
          <LinkLabel link={data.link} x={middle.x} y={middle.y} />
          <EndLabel text={aEnd} at={along(start, end, 0.18)} testId={`link-end-${id}-a`} />
          <EndLabel text={bEnd} at={along(start, end, 0.82)} testId={`link-end-${id}-b`} />
        </EdgeLabelRenderer>
      )}
    </>
  );
});
