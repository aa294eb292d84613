/**
 * A problem found in a document (or a scenario or lab in it), named by its
 * field: `links[3].a.node: no node "h9"`. Apart from validate.ts so that the
 * rules of scenarios and labs, which validate.ts calls, can say problems
 * without importing it back.
 */

export interface TopologyProblem {
  /** Field path in the document, for example `links[3].a.node`. */
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join('');
}

export function formatProblems(problems: readonly TopologyProblem[]): string {
  return problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('\n');
}

export class TopologyError extends Error {
  constructor(readonly problems: TopologyProblem[]) {
    super(formatProblems(problems));
    this.name = 'TopologyError';
  }
}
