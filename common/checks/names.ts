/**
 * Checks that name a node or link the network does not have
 * (`tasks[0].checks[2].from: no host or router "h9" in the network`), for a
 * lab, a scenario and the helper alike.
 */
import { parseIpv4 } from '../net/ipv4.js';
import { STACK_KINDS, type Topology } from '../topology/schema.js';
import type { TopologyProblem } from '../topology/problems.js';
import type { Check } from './schema.js';

/** Problems of one check, each path under `at` (e.g. `steps[3].check`). */
export function checkNameProblems(check: Check, topology: Topology, at: string): TopologyProblem[] {
  const stacks = new Set(topology.nodes.filter((n) => STACK_KINDS.includes(n.kind)).map((n) => n.id));
  const problems: TopologyProblem[] = [];
  const stack = (field: string, id: string) => {
    if (!stacks.has(id)) problems.push({ path: `${at}.${field}`, message: `no host or router "${id}" in the network` });
  };
  switch (check.kind) {
    case 'reachable':
      stack('from', check.from);
      if (parseIpv4(check.to) === undefined) stack('to', check.to);
      break;
    case 'link':
      if (!topology.links.some((l) => l.id === check.link))
        problems.push({ path: `${at}.link`, message: `no link "${check.link}" in the network` });
      break;
    default:
      stack('node', check.node);
  }
  return problems;
}
