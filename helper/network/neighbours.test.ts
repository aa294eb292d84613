import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitNeighbourTables, neighbourLimitFor } from './neighbours.js';

/** A /proc/sys with each family's gc_thresh2 and gc_thresh3 as given. */
function fakeSysctl(thresh2: number, thresh3: number): string {
  const root = mkdtempSync(join(tmpdir(), 'vnet-neigh-'));
  for (const family of ['ipv4', 'ipv6']) {
    const dir = join(root, 'net', family, 'neigh', 'default');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'gc_thresh2'), `${thresh2}\n`);
    writeFileSync(join(dir, 'gc_thresh3'), `${thresh3}\n`);
  }
  return root;
}

const read = (root: string, family: string, name: string) =>
  Number(readFileSync(join(root, 'net', family, 'neigh', 'default', name), 'utf8'));

describe('the neighbour tables', () => {
  it('are raised to fit a large network, in both families', () => {
    const root = fakeSysctl(512, 1024);
    expect(fitNeighbourTables(10_300, root)).toEqual([]);
    for (const family of ['ipv4', 'ipv6']) {
      expect(read(root, family, 'gc_thresh3')).toBe(neighbourLimitFor(10_300));
      expect(read(root, family, 'gc_thresh2')).toBe(neighbourLimitFor(10_300) / 2);
    }
    expect(neighbourLimitFor(10_300)).toBeGreaterThan(3 * 10_300);
  });

  it('are never lowered: a small network leaves larger limits as they are', () => {
    const root = fakeSysctl(90_000, 100_000);
    expect(fitNeighbourTables(4, root)).toEqual([]);
    expect(read(root, 'ipv4', 'gc_thresh3')).toBe(100_000);
    expect(read(root, 'ipv6', 'gc_thresh2')).toBe(90_000);
  });

  it('that cannot be raised are said, with the setting and the line that raises it', () => {
    const root = fakeSysctl(512, 1024);
    // A directory where the setting should be: unreadable and unwritable even for root.
    const ipv6 = join(root, 'net', 'ipv6', 'neigh', 'default', 'gc_thresh3');
    rmSync(ipv6);
    mkdirSync(ipv6);
    expect(fitNeighbourTables(10_000, root)).toEqual([
      expect.stringMatching(
        /^the machine's IPv6 neighbour table may be too small for this network's 10,000 interfaces, and raising it failed \(EISDIR.*\): hosts may not reach each other\. As root: sysctl -w net\.ipv6\.neigh\.default\.gc_thresh3=41024$/,
      ),
    ]);
    expect(read(root, 'ipv4', 'gc_thresh3')).toBe(41_024);
  });
});
