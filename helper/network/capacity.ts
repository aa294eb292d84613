/** Reads what this machine can still hold (common/topology/capacity.ts says what a network needs of it). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { MachineCapacity } from '../../common/topology/capacity.js';

function numberIn(path: string, pattern = /^(\d+)/m): number {
  return Number(pattern.exec(readFileSync(path, 'utf8'))?.[1] ?? NaN);
}

export function machineCapacity(): MachineCapacity {
  const named = existsSync('/run/netns') ? readdirSync('/run/netns').length : 0;
  return {
    namespaceLimit: numberIn('/proc/sys/user/max_net_namespaces'),
    // The machine's own namespace besides the named ones; unnamed ones (containers) are not counted.
    namespacesInUse: named + 1,
    memoryAvailableKiB: numberIn('/proc/meminfo', /^MemAvailable:\s+(\d+)/m),
  };
}
