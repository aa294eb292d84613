/**
 * The student's copy of a lab document: the teacher's network without what
 * `lab.solution` names (answer nodes and links, the processes that are the
 * answer) and without the `solution` list itself.
 */
import type { Topology } from '../topology/schema.js';

export function studentCopy(topology: Topology): Topology {
  const solution = topology.lab?.solution;
  if (!topology.lab || !solution) return topology;
  const goneNodes = new Set(solution.nodes ?? []);
  const goneLinks = new Set(solution.links ?? []);
  const answers = new Set(solution.processesOf ?? []);
  const { solution: _answer, ...lab } = topology.lab;
  return {
    ...topology,
    nodes: topology.nodes
      .filter((node) => !goneNodes.has(node.id))
      .map((node) => (answers.has(node.id) ? { ...node, processes: undefined } : node)),
    links: topology.links.filter(
      (link) => !goneLinks.has(link.id) && !goneNodes.has(link.a.node) && !goneNodes.has(link.b.node),
    ),
    lab,
  };
}
