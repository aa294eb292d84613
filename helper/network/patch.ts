/**
 * A patch merged into the running document: nodes and links by id, then
 * removals. Whatever the patch does not name stays the very same object,
 * which tells the fast path (plan/params-only.ts) it did not change.
 */
import type { ParsedParams } from '../../common/protocol/helper.js';
import type { Topology } from '../../common/topology/index.js';

export class PatchError extends Error {
  override name = 'PatchError';
}

function duplicates(ids: readonly string[]): string[] {
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}

function quoted(ids: readonly string[]): string {
  return ids.map((id) => `"${id}"`).join(', ');
}

/** Where each node and link of a document is, by id. */
interface Positions {
  nodes: ReadonlyMap<string, number>;
  links: ReadonlyMap<string, number>;
}

/**
 * Kept with each document merged into (and carried over to a merge that only replaces elements in
 * place), so a patch of one link costs what the link does, not a walk over 10,000 hosts.
 */
const positionsOf = new WeakMap<Topology, Positions>();

function positions(topology: Topology): Positions {
  let known = positionsOf.get(topology);
  if (!known) {
    known = {
      nodes: new Map(topology.nodes.map((n, i) => [n.id, i])),
      links: new Map(topology.links.map((l, i) => [l.id, i])),
    };
    positionsOf.set(topology, known);
  }
  return known;
}

/** Replaces elements by id in place and appends the new ones. */
function upsert<T extends { id: string }>(current: readonly T[], given: readonly T[]): T[] {
  const byId = new Map(given.map((e) => [e.id, e]));
  const merged = current.map((e) => byId.get(e.id) ?? e);
  const known = new Set(current.map((e) => e.id));
  return [...merged, ...given.filter((e) => !known.has(e.id))];
}

/** The elements with those given put at their positions, or undefined when one of them is new. */
function replaced<T extends { id: string }>(
  current: readonly T[],
  at: ReadonlyMap<string, number>,
  given: readonly T[],
): T[] | undefined {
  if (given.some((e) => !at.has(e.id))) return undefined;
  const merged = current.slice();
  for (const e of given) merged[at.get(e.id) as number] = e;
  return merged;
}

/** The running document with the patch applied; PatchError names any id it cannot resolve. */
export function mergePatch(running: Topology, patch: ParsedParams<'network.patch'>): Topology {
  const { nodes = [], links = [], removeNodes = [], removeLinks = [] } = patch;
  const problems: string[] = [];
  const twice = (field: string, ids: readonly string[]) => {
    const repeated = duplicates(ids);
    if (repeated.length) problems.push(`${field}: ${quoted(repeated)} named more than once`);
  };
  twice(
    'nodes',
    nodes.map((n) => n.id),
  );
  twice(
    'links',
    links.map((l) => l.id),
  );
  twice('removeNodes', removeNodes);
  twice('removeLinks', removeLinks);
  const at = positions(running);
  const unknownNodes = removeNodes.filter((id) => !at.nodes.has(id));
  const unknownLinks = removeLinks.filter((id) => !at.links.has(id));
  if (unknownNodes.length) problems.push(`removeNodes: no node ${quoted(unknownNodes)} in the running network`);
  if (unknownLinks.length) problems.push(`removeLinks: no link ${quoted(unknownLinks)} in the running network`);
  const both = (given: readonly { id: string }[], removed: readonly string[], field: string) => {
    const clash = given.map((e) => e.id).filter((id) => removed.includes(id));
    if (clash.length) problems.push(`${field}: ${quoted(clash)} both given and removed`);
  };
  both(nodes, removeNodes, 'nodes');
  both(links, removeLinks, 'links');
  if (problems.length) throw new PatchError(problems.join('; '));

  if (removeNodes.length + removeLinks.length === 0) {
    const inPlace = {
      nodes: replaced(running.nodes, at.nodes, nodes),
      links: replaced(running.links, at.links, links),
    };
    if (inPlace.nodes && inPlace.links) {
      const merged = { ...running, nodes: inPlace.nodes, links: inPlace.links };
      positionsOf.set(merged, at);
      return merged;
    }
  }

  const goneNodes = new Set(removeNodes);
  const goneLinks = new Set(removeLinks);
  const keptLinks = running.links.filter(
    (l) => !goneLinks.has(l.id) && !goneNodes.has(l.a.node) && !goneNodes.has(l.b.node),
  );
  return {
    ...running,
    nodes: upsert(
      running.nodes.filter((n) => !goneNodes.has(n.id)),
      nodes,
    ),
    links: upsert(keptLinks, links),
  };
}
