/**
 * What a template's checks and steps share once they are made for one node (checks.ts, steps.ts):
 * every text of a value filled, names of nodes turned into their ids, and a refusal that says what a
 * field made from placeholders was given.
 */
import type { z } from 'zod';
import { formatPath } from '../topology/problems.js';
import type { Topology } from '../topology/schema.js';

/** value with every text in it filled (lists and objects walked). */
export function fill(value: unknown, expand: (text: string) => string): unknown {
  if (typeof value === 'string') return expand(value);
  if (Array.isArray(value)) return value.map((v) => fill(v, expand));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, expand)]));
  return value;
}

/** The id of the node value names: `{name}` and parameters give names; anything else is kept as it is. */
export function nodeIdOf(topology: Topology, value: unknown): unknown {
  const named = topology.nodes.find((n) => n.name === value);
  return named && !topology.nodes.some((n) => n.id === value) ? named.id : value;
}

/** A whole number given as text (`"{param.port}"` gave "8080") as that number; anything else as it is. */
export function wholeNumber(value: unknown): unknown {
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
}

const valueAt = (value: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (v, key) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined),
    value,
  );

/** What a bad field was given, when placeholders made it: ` ("{param.port}" gives "web")`. */
function given(raw: unknown, filled: unknown, path: readonly PropertyKey[]): string {
  const text = valueAt(raw, path);
  const made = String(valueAt(filled, path));
  return typeof text === 'string' && text !== made ? ` ("${text}" gives "${made}")` : '';
}

/** The issues of a filled value, each at its field (`whole` for the value itself): `port: must be a port number ("{param.p}" gives "web")`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], raw: unknown, filled: unknown, whole: string) {
  return issues.map((i) => `${formatPath(i.path) || whole}: ${i.message}${given(raw, filled, i.path)}`).join('; ');
}
