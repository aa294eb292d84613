/**
 * What a running network must hear about a document change: nothing (a
 * drag), a patch of the nodes and links that changed, or the whole document
 * when what changed is not in any node or link (its address pool, routing).
 */
import type { Params } from '../../../common/protocol/helper.js';
import type { Topology } from '../../../common/topology/index.js';

/** A network.patch without its revision. */
export type DocumentPatch = Omit<Params<'network.patch'>, 'revision'>;

export type LiveChange = { kind: 'none' } | { kind: 'patch'; patch: DocumentPatch } | { kind: 'apply' };

/**
 * Whether two versions of a node or link are the same to the helper: the
 * same fields, each the same value or object (an edit makes new objects
 * only for what it changes), positions aside. Cheap enough for every drag
 * frame, and never a false "same"; at worst an unchanged item is sent again.
 */
function same<T extends object>(a: T, b: T): boolean {
  if (a === b) return true;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => key === 'position' || a[key as keyof T] === b[key as keyof T]);
}

/** True when two documents differ at most in node positions (a drag). */
export function sameExceptPositions(a: Topology, b: Topology): boolean {
  if (a === b) return true;
  if (a.links !== b.links || a.nodes.length !== b.nodes.length || !sameRest(a, b)) return false;
  return a.nodes.every((n, i) => {
    const m = b.nodes[i];
    return !!m && n.id === m.id && same(n, m);
  });
}

/** The document's fields besides its nodes and links, which no patch carries. */
function sameRest(a: Topology, b: Topology): boolean {
  const { nodes: _an, links: _al, ...restA } = a;
  const { nodes: _bn, links: _bl, ...restB } = b;
  return same(restA, restB);
}

/** Items of `to` that are new or changed since `from`, and the ids of those of `from` that are gone. */
function delta<T extends { id: string }>(from: readonly T[], to: readonly T[]) {
  const before = new Map(from.map((item) => [item.id, item]));
  const after = new Set(to.map((item) => item.id));
  const upserts = to.filter((item) => {
    const old = before.get(item.id);
    return !old || !same(old, item);
  });
  return { upserts, removed: from.filter((item) => !after.has(item.id)).map((item) => item.id) };
}

/** What the running network (holding `running`) needs to be brought in step with `edited`. */
export function liveChange(running: Topology, edited: Topology): LiveChange {
  if (sameExceptPositions(running, edited)) return { kind: 'none' };
  if (!sameRest(running, edited)) return { kind: 'apply' };
  const nodes = delta(running.nodes, edited.nodes);
  const links = delta(running.links, edited.links);
  // The helper removes a removed node's links itself.
  const gone = new Set(nodes.removed);
  const removedLinks = links.removed.filter((id) => {
    const link = running.links.find((l) => l.id === id);
    return !link || !(gone.has(link.a.node) || gone.has(link.b.node));
  });
  const patch: DocumentPatch = {
    ...(nodes.upserts.length && { nodes: nodes.upserts }),
    ...(links.upserts.length && { links: links.upserts }),
    ...(nodes.removed.length && { removeNodes: nodes.removed }),
    ...(removedLinks.length && { removeLinks: removedLinks }),
  };
  return Object.keys(patch).length ? { kind: 'patch', patch } : { kind: 'none' };
}
