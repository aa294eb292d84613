/**
 * The module carries a frame across at most VNET_LINK_MAX_HOPS links between segments (vnet.h). Switches
 * joined by trunks form a forest (the document's validation refuses loops), so the most trunks a frame
 * crosses is the longest path in one of its trees.
 */
import { vnetLimits } from '../../native/index.js';

export interface TrunkPath {
  from: string;
  to: string;
  trunks: number;
}

/** The switches of a tree farthest from `start`, and how many trunks away; every switch reached joins `seen`. */
function farthest(next: ReadonlyMap<string, string[]>, start: string, seen: Set<string>): [string, number] {
  const distance = new Map([[start, 0]]);
  const queue = [start];
  let last = start;
  for (let i = 0; i < queue.length; i++) {
    last = queue[i] ?? start;
    seen.add(last);
    for (const n of next.get(last) ?? [])
      if (!distance.has(n)) {
        distance.set(n, (distance.get(last) ?? 0) + 1);
        queue.push(n);
      }
  }
  return [last, distance.get(last) ?? 0];
}

/** The longest path over trunks (a and b: the switches each joins), undefined without trunks. */
export function longestTrunkPath(trunks: readonly { a: string; b: string }[]): TrunkPath | undefined {
  const next = new Map<string, string[]>();
  const join = (from: string, to: string) => {
    const list = next.get(from);
    if (list) list.push(to);
    else next.set(from, [to]);
  };
  for (const { a, b } of trunks) {
    join(a, b);
    join(b, a);
  }
  const seen = new Set<string>();
  let longest: TrunkPath | undefined;
  for (const start of next.keys()) {
    if (seen.has(start)) continue;
    const [from] = farthest(next, start, seen);
    const [to, count] = farthest(next, from, seen);
    if (!longest || count > longest.trunks) longest = { from, to, trunks: count };
  }
  return longest;
}

/** Refuses, before anything is built, switches farther apart than a frame may travel over the module. */
export function checkTrunkReach(trunks: readonly { a: string; b: string }[]): void {
  const longest = longestTrunkPath(trunks);
  if (longest && longest.trunks > vnetLimits.linkMaxHops)
    throw new Error(
      `switches ${longest.from} and ${longest.to} are ${longest.trunks} switch-to-switch links apart: ` +
        `over the vnet module a frame crosses at most ${vnetLimits.linkMaxHops}`,
    );
}
