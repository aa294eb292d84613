/**
 * Low-zoom clusters: below DETAIL_ZOOM (flow.ts), where names could no
 * longer be read, a switch (or hub) with the hosts that hang only on it is
 * drawn as one cluster, a box over where those hosts are with their count,
 * and routers and switches keep their names, so a big network reads as a
 * network rather than as rows of specks.
 * Selecting a cluster selects its hosts. Worked out once per document
 * (cached on its node and link lists), not per frame.
 */
import { SEGMENT_KINDS, type Topology, type TopologyLink, type TopologyNode } from '../../../common/topology/index.js';
import { NODE_SIZE } from '../actions/layout.js';
import { boundsOf } from './geometry.js';

/** Cluster node ids cannot clash with a document's ids, which have no colon. */
const CLUSTER_PREFIX = 'cluster:';

export interface Cluster {
  /** The cluster's own node id. */
  id: string;
  /** The switch or hub the hosts hang on. */
  segment: string;
  /** Its hosts' ids, in document order. */
  members: readonly string[];
  /** Where the hosts are drawn: the box around them. */
  position: { x: number; y: number };
  size: { width: number; height: number };
}

/** The drawing below DETAIL_ZOOM: the nodes and links left standing, and the clusters in place of the rest. */
export interface Clustered {
  clusters: readonly Cluster[];
  nodes: readonly TopologyNode[];
  links: readonly TopologyLink[];
  /** Cluster id by member host id. */
  clusterOf: ReadonlyMap<string, string>;
}

export const isClusterId = (id: string) => id.startsWith(CLUSTER_PREFIX);

/** Hosts with exactly one link, by the switch or hub at its other end; a cluster needs two of them. */
function hostsBySegment(topology: Pick<Topology, 'nodes' | 'links'>): Map<string, string[]> {
  const kinds = new Map(topology.nodes.map((n) => [n.id, n.kind]));
  const links = new Map<string, TopologyLink[]>();
  const add = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  topology.links.forEach((l) => [l.a.node, l.b.node].forEach((n) => add(links, n, l)));
  const groups = new Map<string, string[]>();
  for (const node of topology.nodes) {
    const own = links.get(node.id) ?? [];
    const only = own.length === 1 ? own[0] : undefined;
    if (node.kind !== 'host' || !only) continue;
    const other = only.a.node === node.id ? only.b.node : only.a.node;
    const kind = kinds.get(other);
    if (kind && SEGMENT_KINDS.includes(kind)) add(groups, other, node.id);
  }
  return new Map([...groups].filter(([, hosts]) => hosts.length > 1));
}

function cluster(topology: Pick<Topology, 'nodes' | 'links'>): Clustered {
  const positions = new Map(topology.nodes.map((n) => [n.id, n.position]));
  const clusterOf = new Map<string, string>();
  const clusters: Cluster[] = [];
  for (const [segment, members] of hostsBySegment(topology)) {
    const id = `${CLUSTER_PREFIX}${segment}`;
    members.forEach((m) => clusterOf.set(m, id));
    const boxes = members.map((m) => ({ ...(positions.get(m) ?? { x: 0, y: 0 }), ...NODE_SIZE }));
    const { x, y, width, height } = boundsOf(boxes);
    clusters.push({ id, segment, members, position: { x, y }, size: { width, height } });
  }
  return {
    clusters,
    nodes: topology.nodes.filter((n) => !clusterOf.has(n.id)),
    links: topology.links.filter((l) => !clusterOf.has(l.a.node) && !clusterOf.has(l.b.node)),
    clusterOf,
  };
}

const cache = new WeakMap<readonly TopologyNode[], WeakMap<readonly TopologyLink[], Clustered>>();

/** The clustered drawing of a document, computed once per node and link list. */
export function clustered(topology: Pick<Topology, 'nodes' | 'links'>): Clustered {
  const byLinks = cache.get(topology.nodes) ?? new WeakMap<readonly TopologyLink[], Clustered>();
  cache.set(topology.nodes, byLinks);
  const hit = byLinks.get(topology.links);
  if (hit) return hit;
  const made = cluster(topology);
  byLinks.set(topology.links, made);
  return made;
}

/** Node ids with every cluster id replaced by its members (what selecting a cluster means). */
export function expandClusters(ids: readonly string[], clusters: readonly Cluster[]): string[] {
  const byId = new Map(clusters.map((c) => [c.id, c]));
  return ids.flatMap((id) => byId.get(id)?.members ?? [id]);
}
