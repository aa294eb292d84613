/**
 * The drawing: React Flow controlled by the document in the store. Node and
 * edge types are defined at module scope (React Flow re-mounts everything
 * when they change); React Flow holds only the region around the view
 * (region.ts) and renders only what is visible, zoomed out hosts gather
 * into clusters (clusters.ts), and the grid and the overview are cheap
 * replacements of React Flow's Background and MiniMap: that keeps panning
 * 10,000 hosts smooth. Fitting is computed from the whole document, since
 * React Flow does not hold all of it.
 */
import {
  ConnectionMode,
  Controls,
  getViewportForBounds,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type EdgeTypes,
  type NodeChange,
  type NodeTypes,
} from '@xyflow/react';
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type MouseEvent,
  type RefObject,
} from 'react';
import { STACK_KINDS } from '../../../common/topology/index.js';
import { addNode, connect, paletteChoice } from '../actions/create.js';
import { beginMove, moveNodes } from '../actions/edit.js';
import { NODE_SIZE } from '../actions/layout.js';
import { ContextMenu, type ContextMenuAt } from '../panels/ContextMenu.js';
import { openTerminal } from '../services/terminals.js';
import { getState, useStore } from '../store/index.js';
import { ClusterEdge } from './ClusterEdge.js';
import { ClusterNode } from './ClusterNode.js';
import { clustered, expandClusters, isClusterId } from './clusters.js';
import { setMenuPoint } from './commands.js';
import { DeviceNode } from './DeviceNode.js';
import { DotGrid } from './DotGrid.js';
import { drawingBounds, toCanvas, type CanvasEdge, type CanvasNode } from './flow.js';
import { viewAfterResize } from './geometry.js';
import { LinkEdge } from './LinkEdge.js';
import { Overview } from './Overview.js';
import { useViewWindow } from './viewWindow.js';

const nodeTypes: NodeTypes = {
  host: DeviceNode,
  router: DeviceNode,
  switch: DeviceNode,
  hub: DeviceNode,
  cluster: ClusterNode,
};
const edgeTypes: EdgeTypes = { link: LinkEdge, cluster: ClusterEdge };

/** The drag-and-drop payload type of palette items. */
export const PALETTE_MIME = 'application/x-vnet-kind';

/** Small networks are not blown up beyond a comfortable size. */
const FIT_WHOLE = { padding: 0.1, minZoom: 0.02, maxZoom: 1.2, duration: 200 };
/**
 * After opening, a big network is shown from its centre at a zoom where
 * names can be read, rather than as a thousand specks: that also keeps the
 * first render to the nodes in view. Fit (the button) shows it whole.
 */
const FIT_READABLE = { ...FIT_WHOLE, minZoom: 0.4, duration: 0 };

/** A found node is shown at a zoom where its labels and counters can be read. */
const FOUND_ZOOM = 1;

/** The view that shows the whole document (or its centre, readable) in a canvas of this size. */
function fittedView(canvas: HTMLElement, whole: boolean) {
  const { padding, minZoom, maxZoom } = whole ? FIT_WHOLE : FIT_READABLE;
  const bounds = drawingBounds(getState().topology.nodes);
  return getViewportForBounds(bounds, canvas.clientWidth, canvas.clientHeight, minZoom, maxZoom, padding);
}

/** Folds React Flow's select changes into a new selection list, or undefined when there are none. */
function selectionAfter(
  current: readonly string[],
  changes: readonly (NodeChange | EdgeChange)[],
): string[] | undefined {
  const selects = changes.filter((c) => c.type === 'select');
  if (!selects.length) return undefined;
  const chosen = new Set(current);
  selects.forEach((c) => (c.selected ? chosen.add(c.id) : chosen.delete(c.id)));
  return [...chosen];
}

/** React Flow's select changes with each cluster's change made its hosts' changes. */
function memberChanges(changes: readonly NodeChange<CanvasNode>[]): NodeChange<CanvasNode>[] {
  const { clusters } = clustered(getState().topology);
  return changes.flatMap((c) =>
    c.type === 'select' && isClusterId(c.id) ? expandClusters([c.id], clusters).map((id) => ({ ...c, id })) : [c],
  );
}

function onNodesChange(changes: NodeChange<CanvasNode>[]) {
  const positions = new Map<string, { x: number; y: number }>();
  changes.forEach((c) => c.type === 'position' && c.position && positions.set(c.id, c.position));
  if (positions.size) getState().perform(moveNodes, positions);
  const { selectedNodes, selectedLinks, select } = getState();
  const nodes = selectionAfter(selectedNodes, memberChanges(changes));
  if (nodes) select(nodes, selectedLinks);
}

function onEdgesChange(changes: EdgeChange<CanvasEdge>[]) {
  const { selectedNodes, selectedLinks, select } = getState();
  const links = selectionAfter(selectedLinks, changes);
  if (links) select(selectedNodes, links);
}

const onConnect = ({ source, target }: Connection) => getState().perform(connect, { a: source, b: target });
const onMoveStart = () => getState().perform(beginMove, undefined);
const onNodeDoubleClick = (_: unknown, node: CanvasNode) => {
  if (node.type === 'cluster' || !STACK_KINDS.includes(node.data.kind)) return;
  if (getState().networkState === 'running') void openTerminal(node.id);
  else getState().reportError(`Start the network to open a terminal on ${node.data.name}.`);
};

/**
 * Right click on a node or a link: it is selected (unless it already is,
 * so a selection of several keeps together) and its menu opens there; on
 * the empty canvas, the canvas's menu (what it adds goes where it was asked for).
 */
function useContextMenu() {
  const { screenToFlowPosition } = useReactFlow();
  const [at, setAt] = useState<ContextMenuAt>();
  const openAt = useCallback(
    (target: ContextMenuAt['target'], event: MouseEvent, select?: { nodes: string[]; links: string[] }) => {
      event.preventDefault();
      if (select) getState().select(select.nodes, select.links);
      setAt({ target, x: event.clientX, y: event.clientY });
    },
    [],
  );
  const handlers = useMemo(
    () => ({
      onNodeContextMenu(event: MouseEvent, node: CanvasNode) {
        const { selectedNodes, topology } = getState();
        const ids = expandClusters([node.id], clustered(topology).clusters);
        const chosen = ids.every((id) => selectedNodes.includes(id));
        openAt('node', event, chosen ? undefined : { nodes: ids, links: [] });
      },
      onEdgeContextMenu(event: MouseEvent, edge: CanvasEdge) {
        if (edge.type === 'cluster') return;
        const chosen = getState().selectedLinks.includes(edge.id);
        openAt('link', event, chosen ? undefined : { nodes: [], links: [edge.id] });
      },
      onSelectionContextMenu: (event: MouseEvent) => openAt('node', event),
      onPaneContextMenu(event: MouseEvent | globalThis.MouseEvent) {
        setMenuPoint(screenToFlowPosition({ x: event.clientX, y: event.clientY }));
        openAt('canvas', event as MouseEvent, { nodes: [], links: [] });
      },
    }),
    [openAt, screenToFlowPosition],
  );
  const close = useCallback(() => setAt(undefined), []);
  return { at, close, handlers };
}

function onDragOver(event: DragEvent) {
  if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
}

/** Keeps the drawing in view when the canvas changes size: the terminal dock opens or closes, the window is resized. */
function useRefitOnResize(element: RefObject<HTMLDivElement | null>) {
  const { getViewport, setViewport } = useReactFlow();
  useEffect(() => {
    const canvas = element.current;
    if (!canvas) return;
    let last = { width: canvas.clientWidth, height: canvas.clientHeight };
    let frame = 0;
    const observer = new ResizeObserver(() => {
      const before = last;
      const after = { width: canvas.clientWidth, height: canvas.clientHeight };
      last = after;
      const nodes = getState().topology.nodes;
      if (!nodes.length || !before.width || !before.height || !after.width || !after.height) return;
      const next = viewAfterResize(getViewport(), before, after, drawingBounds(nodes));
      // After React Flow has taken the new size in.
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => void setViewport(next === 'fit' ? fittedView(canvas, true) : next));
    });
    observer.observe(canvas);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [element, getViewport, setViewport]);
}

export function Canvas() {
  const topologyNodes = useStore((s) => s.topology.nodes);
  const links = useStore((s) => s.topology.links);
  const selectedNodes = useStore((s) => s.selectedNodes);
  const selectedLinks = useStore((s) => s.selectedLinks);
  const fitRequest = useStore((s) => s.fitRequest);
  const element = useRef<HTMLDivElement>(null);
  const { region, collapsed } = useViewWindow(element);
  const { nodes, edges } = useMemo(
    () =>
      region
        ? toCanvas(
            { nodes: topologyNodes, links },
            { region, collapsed },
            { nodes: selectedNodes, links: selectedLinks },
          )
        : { nodes: [], edges: [] },
    [topologyNodes, links, region, collapsed, selectedNodes, selectedLinks],
  );
  const { setViewport, setCenter, screenToFlowPosition } = useReactFlow();
  useRefitOnResize(element);
  const menu = useContextMenu();

  useEffect(() => {
    const canvas = element.current;
    if (!canvas) return;
    const found = fitRequest.node && getState().topology.nodes.find((n) => n.id === fitRequest.node);
    if (found) {
      const { x, y } = found.position;
      void setCenter(x + NODE_SIZE.width / 2, y + NODE_SIZE.height / 2, { zoom: FOUND_ZOOM, duration: 200 });
      return;
    }
    const { duration } = fitRequest.whole ? FIT_WHOLE : FIT_READABLE;
    void setViewport(fittedView(canvas, fitRequest.whole), { duration });
  }, [fitRequest, setViewport, setCenter]);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const choice = paletteChoice(getState(), event.dataTransfer.getData(PALETTE_MIME));
      if (!choice) return;
      event.preventDefault();
      const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      getState().perform(addNode, {
        ...choice,
        position: { x: point.x - NODE_SIZE.width / 2, y: point.y - NODE_SIZE.height / 2 },
      });
    },
    [screenToFlowPosition],
  );

  return (
    <div className="canvas" data-testid="canvas" ref={element}>
      <ReactFlow<CanvasNode, CanvasEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onNodeDragStart={onMoveStart}
        onSelectionDragStart={onMoveStart}
        onNodeDoubleClick={onNodeDoubleClick}
        onDrop={onDrop}
        onDragOver={onDragOver}
        {...menu.handlers}
        connectionMode={ConnectionMode.Loose}
        onlyRenderVisibleElements
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        zoomOnDoubleClick={false}
        minZoom={0.02}
        maxZoom={3}
      >
        <DotGrid />
        <Overview />
        <Controls showInteractive={false} showFitView={false} />
      </ReactFlow>
      {menu.at && <ContextMenu at={menu.at} close={menu.close} />}
    </div>
  );
}
