/**
 * What one machine can hold, said before anything is built: a network
 * needs a network namespace per host and router and kernel memory for each. The helper reads the
 * machine (helper/network/capacity.ts) before an apply adds hosts, and
 * `vnet validate` before a start; both say the same sentences.
 */
import type { Topology } from './schema.js';
import type { TopologyProblem } from './problems.js';

/** The machine's side, as read from /proc. */
export interface MachineCapacity {
  /** user.max_net_namespaces: the kernel refuses a namespace beyond it (ENOSPC). */
  namespaceLimit: number;
  /** Network namespaces that exist already (named ones in /run/netns and the machine's own). */
  namespacesInUse: number;
  /** MemAvailable of /proc/meminfo, in KiB. */
  memoryAvailableKiB: number;
}

/**
 * Kernel memory a host or router costs (its namespace, its interfaces and their fabric ends), in
 * KiB: Slab + PageTables + KernelStack grew by 337 KiB a host when bench:scale brought up a routed
 * campus of 1,000 hosts; rounded up.
 */
export const KERNEL_KIB_PER_HOST = 400;

const count = (n: number) => n.toLocaleString('en');
const memory = (kib: number) =>
  kib >= 10 * 2 ** 20 ? `${(kib / 2 ** 20).toFixed(1)} GiB` : `${count(Math.round(kib / 1024))} MiB`;

/** Hosts and routers: the nodes that get a namespace of their own. */
export function stackNodeCount(topology: Topology): number {
  return topology.nodes.filter((n) => n.kind === 'host' || n.kind === 'router').length;
}

/** Why `added` more hosts and routers do not fit on the machine. */
export function capacityProblems(added: number, machine: MachineCapacity): TopologyProblem[] {
  const problems: TopologyProblem[] = [];
  const left = machine.namespaceLimit - machine.namespacesInUse;
  if (added > left)
    problems.push({
      path: 'nodes',
      message: `${count(added)} hosts and routers need a network namespace each; this machine allows ${count(Math.max(0, left))} more (the kernel's user.max_net_namespaces is ${count(machine.namespaceLimit)}, ${count(machine.namespacesInUse)} exist)`,
    });
  const needed = added * KERNEL_KIB_PER_HOST;
  if (needed > machine.memoryAvailableKiB)
    problems.push({
      path: 'nodes',
      message: `${count(added)} hosts and routers need about ${memory(needed)} of kernel memory (${KERNEL_KIB_PER_HOST} KiB each); this machine has ${memory(machine.memoryAvailableKiB)} available`,
    });
  return problems;
}
