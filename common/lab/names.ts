/** Lab fields that name what the network does not have: every check's nodes and links, locks, the solution. */
import { checkNameProblems } from '../checks/names.js';
import type { Topology } from '../topology/schema.js';
import type { TopologyProblem } from '../topology/problems.js';
import type { Lab } from './schema.js';

export function labProblems(lab: Lab, topology: Topology): TopologyProblem[] {
  const nodes = new Set(topology.nodes.map((n) => n.id));
  const links = new Set(topology.links.map((l) => l.id));
  const problems: TopologyProblem[] = [];
  const known = (path: string, ids: Set<string>, what: string, id: string) => {
    if (!ids.has(id)) problems.push({ path, message: `no ${what} "${id}" in the network` });
  };
  lab.tasks.forEach((task, t) =>
    task.checks.forEach((check, c) =>
      problems.push(...checkNameProblems(check, topology, `lab.tasks[${t}].checks[${c}]`)),
    ),
  );
  lab.locked?.forEach((lock, i) =>
    'node' in lock
      ? known(`lab.locked[${i}].node`, nodes, 'node', lock.node)
      : known(`lab.locked[${i}].link`, links, 'link', lock.link),
  );
  const solution = lab.solution;
  solution?.nodes?.forEach((id, i) => known(`lab.solution.nodes[${i}]`, nodes, 'node', id));
  solution?.links?.forEach((id, i) => known(`lab.solution.links[${i}]`, links, 'link', id));
  solution?.processesOf?.forEach((id, i) => known(`lab.solution.processesOf[${i}]`, nodes, 'node', id));
  return problems;
}
