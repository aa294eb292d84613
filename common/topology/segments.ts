/**
 * Layer-2 segments of a topology. A link between two stack nodes (host,
 * router) is a segment of its own; switches and hubs, with every link that
 * touches them, merge into one segment per connected group.
 */
import { SEGMENT_KINDS, type Topology, type TopologyLink } from './schema.js';

export interface Attachment {
  linkIndex: number;
  side: 'a' | 'b';
  node: string;
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
    if (isBridge(link.a.node) && isBridge(link.b.node)) sets.union(`node:${link.a.node}`, `node:${link.b.node}`);
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
    for (const side of ['a', 'b'] as const) {
      const node = link[side].node;
      if (!isBridge(node)) segment.attachments.push({ linkIndex, side, node });
    }
  });
  return [...segments.values()];
}
