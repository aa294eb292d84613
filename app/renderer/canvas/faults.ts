/** How faults show on the canvas: which partition group a node is drawn in. */
import type { FaultState } from '../../../common/protocol/helper.js';

/** Colours of partition groups, in order of first appearance (then round again). */
export const GROUP_COLOURS = ['#7c3aed', '#0891b2', '#d97706', '#db2777'] as const;

/**
 * The group a node is in, numbered by first appearance across the
 * partitions in force (each partition's `from`, then its `to`; the same
 * set of nodes in two partitions is one group); undefined when in none.
 */
export function partitionGroup(faults: FaultState, node: string): number | undefined {
  const seen: string[] = [];
  for (const { from, to } of faults.partitions) {
    for (const group of [from, to]) {
      const key = [...group].sort().join(' ');
      if (!seen.includes(key)) seen.push(key);
      if (group.includes(node)) return seen.indexOf(key);
    }
  }
  return undefined;
}
