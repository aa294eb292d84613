/** Fresh ids and names for new nodes and links, readable and unique in the document. */
import type { NodeKind, Topology } from '../../../common/topology/index.js';

const NODE_PREFIX: Record<NodeKind, string> = { host: 'h', router: 'r', switch: 'sw', hub: 'hub' };

/** Smallest `<prefix><n>` (n ≥ 1) not already taken. */
export function freshName(prefix: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const candidate = `${prefix}${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Node ids and names share one namespace so a new node can use the same word for both. */
export function takenNodeWords(topology: Pick<Topology, 'nodes'>): Set<string> {
  return new Set(topology.nodes.flatMap((n) => [n.id, n.name]));
}

export function freshNodeId(kind: NodeKind, taken: Set<string>): string {
  const id = freshName(NODE_PREFIX[kind], taken);
  taken.add(id);
  return id;
}

export function freshLinkId(a: string, b: string, taken: Set<string>): string {
  const base = `${a}-${b}`.slice(0, 20);
  const id = taken.has(base) ? freshName(`${base}-`, taken) : base;
  taken.add(id);
  return id;
}
