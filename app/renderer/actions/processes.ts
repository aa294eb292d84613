/**
 * The processes a document starts on a host (its `processes` field), edited
 * from the host's properties as command lines: words split as a shell splits
 * them (quotes keep spaces), nothing run through a shell.
 */
import type { Topology } from '../../../common/topology/index.js';
import { checked, type EditResult } from './properties.js';

/** A command line's words: spaces separate them, '…' and "…" keep spaces inside one. */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(match[1] ?? match[2] ?? match[3] ?? '');
  return words;
}

/** The words as one line that splitCommand reads back. */
export const joinCommand = (argv: readonly string[]) =>
  argv.map((word) => (/^[^\s'"]+$/.test(word) ? word : word.includes("'") ? `"${word}"` : `'${word}'`)).join(' ');

/** The host's process `index` set to `line` (a new one at the end when index is its count), or removed (null). */
export function editProcess(topology: Topology, nodeId: string, index: number, line: string | null): EditResult {
  const at = topology.nodes.findIndex((n) => n.id === nodeId);
  const node = topology.nodes[at];
  if (!node) return { ok: false, error: `no node "${nodeId}"` };
  const list = [...(node.processes ?? [])];
  if (line === null) list.splice(index, 1);
  else list[index] = { ...list[index], argv: splitCommand(line) };
  const { processes: _old, ...rest } = node;
  const changed = list.length ? { ...rest, processes: list } : rest;
  const nodes = topology.nodes.map((n, i) => (i === at ? changed : n));
  return checked(topology, { ...topology, nodes }, `nodes[${at}].processes[${index}]`);
}
