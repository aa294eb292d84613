/** Lab fields that name what the network does not have: every check's nodes and links, locks, the solution. */
import { checkNameProblems } from '../checks/names.js';
import type { Topology } from '../topology/schema.js';
import type { TopologyProblem } from '../topology/problems.js';
import type { Lab } from './schema.js';

/** Each check's names the network lacks, in labChecks(lab)'s order (paths `lab.tasks[t].checks[c]…`). */
export function checkProblemsOfLab(lab: Lab, topology: Topology): TopologyProblem[][] {
  return lab.tasks.flatMap((task, t) =>
    task.checks.map((check, c) => checkNameProblems(check, topology, `lab.tasks[${t}].checks[${c}]`)),
  );
}

export function labProblems(lab: Lab, topology: Topology): TopologyProblem[] {
  const nodes = new Set(topology.nodes.map((n) => n.id));
  const links = new Set(topology.links.map((l) => l.id));
  const problems: TopologyProblem[] = checkProblemsOfLab(lab, topology).flat();
  const known = (path: string, ids: Set<string>, what: string, id: string) => {
    if (!ids.has(id)) problems.push({ path, message: `no ${what} "${id}" in the network` });
  };
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
