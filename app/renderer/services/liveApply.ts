/** Which document changes a running network must hear about. */
import type { Topology } from '../../../common/topology/index.js';

/**
 * True when two documents differ at most in node positions (a drag), which
 * the helper does not care about. Cheap enough to run on every drag frame:
 * moved nodes are new objects, so fields are compared, never serialised.
 */
export function sameExceptPositions(a: Topology, b: Topology): boolean {
  if (a === b) return true;
  if (a.links !== b.links || a.nodes.length !== b.nodes.length) return false;
  if (a.name !== b.name || a.addressPool !== b.addressPool || a.routing !== b.routing) return false;
  return a.nodes.every((n, i) => {
    const m = b.nodes[i];
    return n === m || (!!m && n.id === m.id && n.kind === m.kind && n.name === m.name && n.processes === m.processes);
  });
}
