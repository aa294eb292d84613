import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planNetwork } from '../plan/plan.js';
import { sample } from '../test-samples.js';
import { fitKernelLimits, limitsFor, networkSize } from './kernel-limits.js';

const SETTINGS = Object.keys(limitsFor({ interfaces: 0, largestDomain: 0 }));

/** A /proc/sys with every setting at `value`. */
function fakeSysctl(value: number): string {
  const root = mkdtempSync(join(tmpdir(), 'vnet-limits-'));
  for (const setting of SETTINGS) {
    const path = join(root, ...setting.split('.'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${value}\n`);
  }
  return root;
}

const read = (root: string, setting: string) => Number(readFileSync(join(root, ...setting.split('.')), 'utf8'));
const campus = () => planNetwork(sample('campus-1000'));
const large = { interfaces: 10_300, largestDomain: 10_200 };

describe('the kernel limits a network needs', () => {
  it("size by its interfaces and its largest broadcast domain's ports, trunk ends included", () => {
    // 1,000 hosts on 20 access switches, each joined to the core by a trunk: one domain.
    expect(networkSize(campus())).toEqual({ interfaces: 1000, largestDomain: 1040 });
  });

  it('are raised to fit a large network: neighbour tables in both families and the receive queue', () => {
    const root = fakeSysctl(512);
    expect(fitKernelLimits(large, root)).toEqual([]);
    expect(SETTINGS).toHaveLength(5);
    for (const setting of SETTINGS) expect(read(root, setting)).toBe(limitsFor(large)[setting]);
    expect(read(root, 'net.ipv4.neigh.default.gc_thresh3')).toBeGreaterThan(3 * large.interfaces);
    expect(read(root, 'net.ipv6.neigh.default.gc_thresh2')).toBe(read(root, 'net.ipv6.neigh.default.gc_thresh3') / 2);
    expect(read(root, 'net.core.netdev_max_backlog')).toBeGreaterThan(3 * large.largestDomain);
  });

  it('are never lowered: a small network leaves larger limits as they are', () => {
    const root = fakeSysctl(1_000_000);
    expect(fitKernelLimits({ interfaces: 4, largestDomain: 3 }, root)).toEqual([]);
    for (const setting of SETTINGS) expect(read(root, setting)).toBe(1_000_000);
  });

  it('that cannot be raised are said in one warning, with the line that raises them', () => {
    const root = fakeSysctl(512);
    // A directory where the setting should be: unreadable and unwritable even for root.
    const backlog = join(root, 'net', 'core', 'netdev_max_backlog');
    rmSync(backlog);
    mkdirSync(backlog);
    expect(fitKernelLimits(large, root)).toEqual([
      expect.stringMatching(
        /^the machine's kernel limits may be too small for this network \(10,300 interfaces, 10,200 ports on one segment\) and raising them failed \(EISDIR.*\): hosts may not reach each other\. As root: sysctl -w net\.core\.netdev_max_backlog=41800$/,
      ),
    ]);
    expect(read(root, 'net.ipv4.neigh.default.gc_thresh3')).toBe(limitsFor(large)['net.ipv4.neigh.default.gc_thresh3']);
  });
});
