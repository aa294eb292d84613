/**
 * The document as React Flow nodes and edges. Each flow object is cached
 * against the document object it came from, so after an edit or a drag
 * only the changed nodes are new objects and React Flow redraws only those.
 */
import { Position, type Edge, type Node, type ReactFlowState } from '@xyflow/react';
import type { NodeKind, Topology, TopologyLink, TopologyNode } from '../../../common/topology/index.js';
import { NODE_SIZE } from '../actions/layout.js';
import { clustered, isClusterId, type Cluster } from './clusters.js';
import { boundsOf, type Box } from './geometry.js';
import { inRegion } from './region.js';

export interface DeviceData extends Record<string, unknown> {
  name: string;
  kind: NodeKind;
}
export type DeviceFlowNode = Node<DeviceData, NodeKind>;

export interface LinkData extends Record<string, unknown> {
  link: TopologyLink;
}
export type LinkFlowEdge = Edge<LinkData, 'link'>;

/**
 * Where DeviceNode's four handles sit (measured in the browser): known up
 * front, React Flow need not mount every node once to measure them, and
 * mounts only the nodes in view even on the first render.
 */
const HANDLE_SIZE = 9;
const HANDLE_X = (NODE_SIZE.width - HANDLE_SIZE) / 2;
const HANDLE_Y = (NODE_SIZE.height - HANDLE_SIZE) / 2;
const handle = (id: string, position: Position, x: number, y: number) =>
  ({ id, type: 'source', position, x, y, width: HANDLE_SIZE, height: HANDLE_SIZE }) as const;
export const DEVICE_HANDLES: NonNullable<Node['handles']> = [
  handle('top', Position.Top, HANDLE_X, -3.5),
  handle('right', Position.Right, NODE_SIZE.width - 5.5, HANDLE_Y),
  handle('bottom', Position.Bottom, HANDLE_X, NODE_SIZE.height - 5.5),
  handle('left', Position.Left, -3.5, HANDLE_Y),
];

/** Below this zoom text cannot be read: nodes are plain boxes and links lose their labels (level of detail). */
export const DETAIL_ZOOM = 0.35;
export const showsDetail = (s: ReactFlowState) => s.transform[2] >= DETAIL_ZOOM;

interface Cached<T> {
  selected: boolean;
  value: T;
}

const nodeCache = new WeakMap<TopologyNode, Cached<DeviceFlowNode>>();
const edgeCache = new WeakMap<TopologyLink, Cached<LinkFlowEdge>>();

function cached<K extends object, T>(cache: WeakMap<K, Cached<T>>, key: K, selected: boolean, make: () => T): T {
  const hit = cache.get(key);
  if (hit && hit.selected === selected) return hit.value;
  const value = make();
  cache.set(key, { selected, value });
  return value;
}

export function toFlowNodes(nodes: readonly TopologyNode[], selected: readonly string[]): DeviceFlowNode[] {
  const chosen = new Set(selected);
  return nodes.map((n) =>
    cached(nodeCache, n, chosen.has(n.id), () => ({
      id: n.id,
      type: n.kind,
      position: n.position,
      data: { name: n.name, kind: n.kind },
      selected: chosen.has(n.id),
      // Fixed size: React Flow need not measure before it can lay edges out.
      width: NODE_SIZE.width,
      height: NODE_SIZE.height,
      measured: NODE_SIZE,
      handles: DEVICE_HANDLES,
    })),
  );
}

export function toFlowEdges(links: readonly TopologyLink[], selected: readonly string[]): LinkFlowEdge[] {
  const chosen = new Set(selected);
  return links.map((l) =>
    cached(edgeCache, l, chosen.has(l.id), () => ({
      id: l.id,
      type: 'link' as const,
      source: l.a.node,
      target: l.b.node,
      data: { link: l },
      selected: chosen.has(l.id),
    })),
  );
}

/** The box the drawing takes on the canvas, in flow coordinates. */
export const drawingBounds = (nodes: readonly TopologyNode[]): Box =>
  boundsOf(nodes.map((n) => ({ ...n.position, ...NODE_SIZE })));

export interface ClusterData extends Record<string, unknown> {
  cluster: Cluster;
  /** The name of its switch or hub. */
  name: string;
}
export type ClusterFlowNode = Node<ClusterData, 'cluster'>;
export type ClusterFlowEdge = Edge<Record<string, never>, 'cluster'>;
export type CanvasNode = DeviceFlowNode | ClusterFlowNode;
export type CanvasEdge = LinkFlowEdge | ClusterFlowEdge;

const clusterCache = new WeakMap<Cluster, Cached<ClusterFlowNode>>();

function toClusterNode(cluster: Cluster, name: string, chosen: ReadonlySet<string>): ClusterFlowNode {
  const selected = cluster.members.every((m) => chosen.has(m));
  return cached(clusterCache, cluster, selected, () => ({
    id: cluster.id,
    type: 'cluster' as const,
    position: cluster.position,
    data: { cluster, name },
    selected,
    draggable: false,
    connectable: false,
    width: cluster.size.width,
    height: cluster.size.height,
    measured: cluster.size,
    handles: [],
  }));
}

/** A cluster's line to its switch, as a link of the region. */
const clusterLink = (c: Cluster) => ({ id: c.id, a: { node: c.id }, b: { node: c.segment } });

/**
 * What React Flow draws: the document, or below DETAIL_ZOOM its clustered
 * form, cut to the region around the view (region.ts).
 */
export function toCanvas(
  topology: Pick<Topology, 'nodes' | 'links'>,
  view: { region: Box; collapsed: boolean },
  selected: { nodes: readonly string[]; links: readonly string[] },
): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
  const clusters = view.collapsed ? clustered(topology) : undefined;
  const kept = inRegion<TopologyNode | Cluster, TopologyLink | ReturnType<typeof clusterLink>>(
    view.region,
    clusters ? [...clusters.nodes, ...clusters.clusters] : topology.nodes,
    clusters ? [...clusters.links, ...clusters.clusters.map(clusterLink)] : topology.links,
  );
  const chosen = new Set(selected.nodes);
  const names = new Map(topology.nodes.map((n) => [n.id, n.name]));
  const nodes = kept.nodes.filter((n): n is TopologyNode => !('members' in n));
  const links = kept.links.filter((l): l is TopologyLink => !isClusterId(l.id));
  return {
    nodes: [
      ...toFlowNodes(nodes, selected.nodes),
      ...kept.nodes
        .filter((n): n is Cluster => 'members' in n)
        .map((c) => toClusterNode(c, names.get(c.segment) ?? c.segment, chosen)),
    ],
    edges: [
      ...toFlowEdges(links, selected.links),
      ...kept.links
        .filter((l) => isClusterId(l.id))
        .map((l) => ({ id: l.id, type: 'cluster' as const, source: l.a.node, target: l.b.node, selectable: false })),
    ],
  };
}
