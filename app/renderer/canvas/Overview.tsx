/**
 * The overview in the corner: the whole network drawn into a canvas when
 * the nodes change, and a frame for the part on screen that follows the
 * viewport. React Flow's MiniMap keeps one store-subscribed SVG element per
 * node, which with 1,000 hosts costs a frame's budget on every pan step.
 * Pressing or dragging on it brings that part of the network into view.
 */
import { Panel, useReactFlow, useStore as useFlowStore, type ReactFlowState } from '@xyflow/react';
import { useEffect, useMemo, useRef, type PointerEvent } from 'react';
import type { TopologyNode } from '../../../common/topology/index.js';
import { NODE_SIZE } from '../actions/layout.js';
import { KIND_COLOURS } from './icons.js';
import { useStore } from '../store/index.js';
import { drawingBounds } from './flow.js';
import { fromOverview, overviewFrame, toOverview, visibleArea, type OverviewFrame } from './geometry.js';

const SIZE = { width: 160, height: 100 };
const MARGIN = 6;
/** Nodes stay visible as specks however big the network, and so does the frame of the view. */
const MIN_NODE_PX = 1.5;
const MIN_VIEW_PX = 6;

const selectView = (s: ReactFlowState) => visibleArea(s.transform, s.width, s.height);
const sameArea = (a: ReturnType<typeof selectView>, b: ReturnType<typeof selectView>) =>
  a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

function useDrawing(nodes: readonly TopologyNode[], frame: OverviewFrame) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const ratio = window.devicePixelRatio || 1;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, SIZE.width, SIZE.height);
    const width = Math.max(MIN_NODE_PX, NODE_SIZE.width * frame.scale);
    const height = Math.max(MIN_NODE_PX, NODE_SIZE.height * frame.scale);
    for (const node of nodes) {
      const { x, y } = toOverview(frame, node.position);
      context.fillStyle = KIND_COLOURS[node.kind];
      context.fillRect(x, y, width, height);
    }
  }, [nodes, frame]);
  return canvas;
}

export function Overview() {
  const nodes = useStore((s) => s.topology.nodes);
  const frame = useMemo(() => overviewFrame(drawingBounds(nodes), SIZE, MARGIN), [nodes]);
  const canvas = useDrawing(nodes, frame);
  const view = useFlowStore(selectView, sameArea);
  const { setCenter, getZoom } = useReactFlow();

  const centreOn = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const point = fromOverview(frame, { x: event.clientX - box.left, y: event.clientY - box.top });
    void setCenter(point.x, point.y, { zoom: getZoom() });
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    centreOn(event);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (event.currentTarget.hasPointerCapture(event.pointerId)) centreOn(event);
  };

  if (!nodes.length) return null;
  // The frame, centred on the view, at least big enough to see and grab.
  const width = Math.max(MIN_VIEW_PX, view.width * frame.scale);
  const height = Math.max(MIN_VIEW_PX, view.height * frame.scale);
  const centre = toOverview(frame, { x: view.x + view.width / 2, y: view.y + view.height / 2 });
  const ratio = window.devicePixelRatio || 1;
  return (
    <Panel position="bottom-right">
      <div
        className="overview"
        data-testid="overview"
        title="Overview: press or drag to move the view"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
      >
        <canvas ref={canvas} width={SIZE.width * ratio} height={SIZE.height * ratio} style={SIZE} />
        <div
          className="overview-view"
          data-testid="overview-view"
          style={{
            transform: `translate(${centre.x - width / 2}px, ${centre.y - height / 2}px)`,
            width,
            height,
          }}
        />
      </div>
    </Panel>
  );
}
