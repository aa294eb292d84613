/**
 * The drawing: React Flow controlled by the document in the store. Node and
 * edge types are defined at module scope (React Flow re-mounts everything
 * when they change); only visible elements are rendered, which keeps the
 * 1,000-host sample smooth.
 */
import {
  Background,
  ConnectionMode,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type EdgeTypes,
  type NodeChange,
  type NodeTypes,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, type DragEvent } from 'react';
import { NODE_KINDS, STACK_KINDS, type NodeKind } from '../../../common/topology/index.js';
import { addNode, connect } from '../actions/create.js';
import { beginMove, moveNodes, select } from '../actions/edit.js';
import { NODE_SIZE } from '../actions/layout.js';
import { KIND_COLOURS } from '../services/exportImage.js';
import { openTerminal } from '../services/terminals.js';
import { dispatch, getState, setState, useStore } from '../store/index.js';
import { DeviceNode } from './DeviceNode.js';
import { toFlowEdges, toFlowNodes, type DeviceFlowNode, type LinkFlowEdge } from './flow.js';
import { LinkEdge } from './LinkEdge.js';

const nodeTypes: NodeTypes = { host: DeviceNode, router: DeviceNode, switch: DeviceNode, hub: DeviceNode };
const edgeTypes: EdgeTypes = { link: LinkEdge };

/** The drag-and-drop payload type of palette items. */
export const PALETTE_MIME = 'application/x-vnet-kind';

/** Small networks are not blown up beyond a comfortable size. */
const FIT_WHOLE = { padding: 0.1, maxZoom: 1.2, duration: 200 };
/**
 * After opening, a big network is shown from its centre at a zoom where
 * names can be read, rather than as a thousand specks: that also keeps the
 * first render to the nodes in view. Fit (the button) shows it whole.
 */
const FIT_READABLE = { ...FIT_WHOLE, minZoom: 0.4, duration: 0 };

const MINIMAP_SIZE = { width: 160, height: 100 };
const minimapColour = (node: DeviceFlowNode) => KIND_COLOURS[node.data.kind];

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

function onNodesChange(changes: NodeChange<DeviceFlowNode>[]) {
  const positions = new Map<string, { x: number; y: number }>();
  changes.forEach((c) => c.type === 'position' && c.position && positions.set(c.id, c.position));
  if (positions.size) dispatch(moveNodes, positions);
  const { selectedNodes, selectedLinks } = getState();
  const nodes = selectionAfter(selectedNodes, changes);
  if (nodes) dispatch(select, { nodes, links: selectedLinks });
}

function onEdgesChange(changes: EdgeChange<LinkFlowEdge>[]) {
  const { selectedNodes, selectedLinks } = getState();
  const links = selectionAfter(selectedLinks, changes);
  if (links) dispatch(select, { nodes: selectedNodes, links });
}

const onConnect = ({ source, target }: Connection) => dispatch(connect, { a: source, b: target });
const onMoveStart = () => dispatch(beginMove, undefined);
const onNodeDoubleClick = (_: unknown, node: DeviceFlowNode) => {
  if (!STACK_KINDS.includes(node.data.kind)) return;
  if (getState().networkState === 'running') void openTerminal(node.id);
  else setState({ error: `Start the network to open a terminal on ${node.data.name}.` });
};

function onDragOver(event: DragEvent) {
  if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
}

export function Canvas() {
  const topologyNodes = useStore((s) => s.topology.nodes);
  const links = useStore((s) => s.topology.links);
  const selectedNodes = useStore((s) => s.selectedNodes);
  const selectedLinks = useStore((s) => s.selectedLinks);
  const fitRequest = useStore((s) => s.fitRequest);
  const nodes = useMemo(() => toFlowNodes(topologyNodes, selectedNodes), [topologyNodes, selectedNodes]);
  const edges = useMemo(() => toFlowEdges(links, selectedLinks), [links, selectedLinks]);
  const { fitView, screenToFlowPosition } = useReactFlow();

  useEffect(() => {
    // After React Flow has taken the new nodes in.
    const frame = requestAnimationFrame(() => void fitView(fitRequest.whole ? FIT_WHOLE : FIT_READABLE));
    return () => cancelAnimationFrame(frame);
  }, [fitRequest, fitView]);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(PALETTE_MIME) as NodeKind;
      if (!NODE_KINDS.includes(kind)) return;
      event.preventDefault();
      const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      dispatch(addNode, { kind, position: { x: point.x - NODE_SIZE.width / 2, y: point.y - NODE_SIZE.height / 2 } });
    },
    [screenToFlowPosition],
  );

  return (
    <div className="canvas" data-testid="canvas">
      <ReactFlow<DeviceFlowNode, LinkFlowEdge>
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
        connectionMode={ConnectionMode.Loose}
        onlyRenderVisibleElements
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        zoomOnDoubleClick={false}
        minZoom={0.02}
        maxZoom={3}
        fitView
        fitViewOptions={FIT_READABLE}
      >
        <Background gap={24} size={1} color="#e2e8f0" />
        <MiniMap pannable zoomable nodeColor={minimapColour} nodeStrokeWidth={0} style={MINIMAP_SIZE} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
