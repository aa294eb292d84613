/**
 * What a lab's `locked` list forbids. The designer asks isLocked() to grey a
 * field; the helper asks lockViolations() of every apply and patch to the
 * running network and refuses the edit (RPC_ERRORS.locked) naming each one.
 */
import type { Topology, TopologyLink, TopologyNode } from '../topology/schema.js';
import { LOCKABLE_LINK_FIELDS, LOCKABLE_NODE_FIELDS, type Lab, type Lock } from './schema.js';

export type LockTarget = { node: string } | { link: string };

function lockOf(lab: Lab | undefined, target: LockTarget): Lock | undefined {
  return lab?.locked?.find((lock) =>
    'node' in target ? 'node' in lock && lock.node === target.node : 'link' in lock && lock.link === target.link,
  );
}

/** Whether the target (or, with a field, that field of it) may not be changed. Without a field: may not be removed. */
export function isLocked(lab: Lab | undefined, target: LockTarget, field?: string): boolean {
  const lock = lockOf(lab, target);
  if (!lock) return false;
  if (field === undefined) return true;
  const fields: readonly string[] = lock.fields ?? ('node' in lock ? LOCKABLE_NODE_FIELDS : LOCKABLE_LINK_FIELDS);
  return fields.includes(field);
}

const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);

function itemViolations<T extends TopologyNode | TopologyLink>(
  lab: Lab,
  what: 'node' | 'link',
  before: readonly T[],
  after: readonly T[],
  fields: readonly string[],
): string[] {
  const problems: string[] = [];
  for (const old of before) {
    const target = (what === 'node' ? { node: old.id } : { link: old.id }) as LockTarget;
    if (!isLocked(lab, target)) continue;
    const now = after.find((item) => item.id === old.id);
    if (!now) {
      problems.push(`${what} ${old.id} is locked by the lab: it cannot be removed`);
      continue;
    }
    for (const field of fields)
      if (isLocked(lab, target, field) && !same(old[field as keyof T], now[field as keyof T]))
        problems.push(`${what} ${old.id} is locked by the lab: its ${field} cannot change`);
  }
  return problems;
}

/**
 * Every change from `before` to `after` that the lab of `before` forbids; the lab itself cannot
 * change either while it locks anything (or a student would unlock by editing it).
 */
export function lockViolations(before: Topology, after: Topology): string[] {
  const lab = before.lab;
  if (!lab?.locked?.length) return [];
  return [
    ...(same(lab, after.lab) ? [] : ['the lab is locked: its tasks and locks cannot change while it runs']),
    ...itemViolations(lab, 'node', before.nodes, after.nodes, LOCKABLE_NODE_FIELDS),
    ...itemViolations(lab, 'link', before.links, after.links, LOCKABLE_LINK_FIELDS),
  ];
}
