/**
 * Layer-2 segments of a topology. A link between two stack nodes (host,
 * router) is a segment of its own; switches and hubs, with every link that
 * touches them, form one segment (one broadcast domain, one subnet) per
 * connected group. Inside it each switch stays a switch of its own, joined to
 * the others by its trunks (links between two switches or hubs), which must
 * form a tree: nothing runs a spanning tree.
 */
import { SEGMENT_KINDS, type NodeKind, type Topology, type TopologyLink } from './schema.js';

export interface Attachment {
  linkIndex: number;
  side: 'a' | 'b';
  node: string;
  /** The switch or hub at the link's other end (absent on a point-to-point link). */
  bridge?: string;
}

export interface Segment {
  /** Stable key: the lowest switch/hub id in the segment, else the link id. */
  key: string;
  /** Switch and hub ids in this segment (empty for a point-to-point link). */
  bridges: string[];
  linkIndexes: number[];
  /** Endpoints on stack nodes: the interfaces this segment connects. */
  attachments: Attachment[];
}

class DisjointSets {
  private readonly parent = new Map<string, string>();

  find(x: string): string {
    let root = this.parent.get(x) ?? x;
    if (root !== x) {
      root = this.find(root);
      this.parent.set(x, root);
    }
    return root;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
}

/** Computes segments; links to unknown nodes are ignored (validation reports them). */
export function segmentsOf(topology: Pick<Topology, 'nodes' | 'links'>): Segment[] {
  const kinds = new Map(topology.nodes.map((n) => [n.id, n.kind]));
  const isBridge = (id: string) => SEGMENT_KINDS.includes(kinds.get(id) ?? 'host');
  const sets = new DisjointSets();
  const groupOf = (link: TopologyLink) => {
    const bridge = [link.a.node, link.b.node].find(isBridge);
    return bridge === undefined ? `link:${link.id}` : `node:${bridge}`;
  };

  topology.links.forEach((link) => {
    if (isTrunk(link, kinds)) sets.union(`node:${link.a.node}`, `node:${link.b.node}`);
  });

  const segments = new Map<string, Segment>();
  const segmentFor = (group: string) => {
    const root = sets.find(group);
    let segment = segments.get(root);
    if (!segment) {
      segment = { key: root.slice(root.indexOf(':') + 1), bridges: [], linkIndexes: [], attachments: [] };
      segments.set(root, segment);
    }
    return segment;
  };

  topology.nodes.filter((n) => isBridge(n.id)).forEach((n) => segmentFor(`node:${n.id}`).bridges.push(n.id));
  topology.links.forEach((link, linkIndex) => {
    if (!kinds.has(link.a.node) || !kinds.has(link.b.node)) return;
    const segment = segmentFor(groupOf(link));
    segment.linkIndexes.push(linkIndex);
    const bridge = [link.a.node, link.b.node].find(isBridge);
    for (const side of ['a', 'b'] as const) {
      const node = link[side].node;
      if (!isBridge(node)) segment.attachments.push({ linkIndex, side, node, ...(bridge && { bridge }) });
    }
  });
  return [...segments.values()];
}

/** Whether both ends of a link are switches or hubs: a trunk between two of them. */
export function isTrunk(link: TopologyLink, kinds: ReadonlyMap<string, NodeKind>): boolean {
  return [link.a.node, link.b.node].every((id) => SEGMENT_KINDS.includes(kinds.get(id) ?? 'host'));
}

/**
 * Trunks that close a loop, each as the indexes of the links around it, the closing one last:
 * trunks are taken in document order, and one whose switches are joined already closes a loop
 * through the trunks taken before it.
 */
export function trunkLoops(topology: Pick<Topology, 'nodes' | 'links'>): number[][] {
  const kinds = new Map(topology.nodes.map((n) => [n.id, n.kind]));
  const tree = new Map<string, { node: string; linkIndex: number }[]>();
  const edges = (id: string) => {
    const list = tree.get(id) ?? [];
    tree.set(id, list);
    return list;
  };
  const sets = new DisjointSets();
  const loops: number[][] = [];
  topology.links.forEach((link, linkIndex) => {
    const [a, b] = [link.a.node, link.b.node];
    // A link of a node to itself is refused on its own.
    if (!isTrunk(link, kinds) || a === b) return;
    if (sets.find(a) === sets.find(b)) {
      loops.push([...treePath(edges, b, a), linkIndex]);
      return;
    }
    sets.union(a, b);
    edges(a).push({ node: b, linkIndex });
    edges(b).push({ node: a, linkIndex });
  });
  return loops;
}

/** The link indexes of the one path from `from` to `to` in a forest (breadth first). */
function treePath(edges: (id: string) => { node: string; linkIndex: number }[], from: string, to: string): number[] {
  const via = new Map<string, { node: string; linkIndex: number }>();
  const queue = [from];
  for (let i = 0; i < queue.length && !via.has(to); i++) {
    const at = queue[i] as string;
    for (const e of edges(at)) {
      if (e.node === from || via.has(e.node)) continue;
      via.set(e.node, { node: at, linkIndex: e.linkIndex });
      queue.push(e.node);
    }
  }
  const path: number[] = [];
  for (let at = to; at !== from;) {
    const step = via.get(at);
    if (!step) break;
    path.unshift(step.linkIndex);
    at = step.node;
  }
  return path;
}
