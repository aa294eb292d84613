import { describe, expect, it } from 'vitest';
import { routedCampus } from '../../tools/samples/campus.js';
import { capacityProblems, KERNEL_KIB_PER_HOST, stackNodeCount } from './capacity.js';
import { readTopology } from './validate.js';

const ROOMY = { namespaceLimit: 96_364, namespacesInUse: 431, memoryAvailableKiB: 20 * 2 ** 20 };

describe('what a machine can hold', () => {
  it('counts a namespace for every host and router, none for switches', () => {
    expect(stackNodeCount(readTopology(routedCampus(3, 10)))).toBe(33);
  });

  it('takes 10,100 hosts and routers where namespaces and memory suffice', () => {
    expect(capacityProblems(10_100, ROOMY)).toEqual([]);
  });

  it("refuses more namespaces than the kernel's limit leaves, naming the limit", () => {
    expect(capacityProblems(10_100, { ...ROOMY, namespaceLimit: 5000 })).toEqual([
      {
        path: 'nodes',
        message:
          "10,100 hosts and routers need a network namespace each; this machine allows 4,569 more (the kernel's user.max_net_namespaces is 5,000, 431 exist)",
      },
    ]);
  });

  it('refuses more kernel memory than the machine has available', () => {
    const available = 500 * KERNEL_KIB_PER_HOST;
    expect(capacityProblems(500, { ...ROOMY, memoryAvailableKiB: available })).toEqual([]);
    expect(capacityProblems(1001, { ...ROOMY, memoryAvailableKiB: available })).toEqual([
      {
        path: 'nodes',
        message: `1,001 hosts and routers need about 391 MiB of kernel memory (${KERNEL_KIB_PER_HOST} KiB each); this machine has 195 MiB available`,
      },
    ]);
  });
});
