import { describe, expect, it } from 'vitest';
import type { DropRule } from '../faults/nft.js';
import { PARTITION_LIMITS, partitionTable } from './partitions.js';

const rule = (fromAddresses: string[], toAddresses: string[]): DropRule => ({
  from: [],
  fromAddresses,
  to: [],
  toAddresses,
});

/** The address pairs a table cuts, as "from>to", to compare tables without their group numbers. */
function cutPairs(rules: readonly DropRule[]): string[] {
  const { groups, cuts } = partitionTable(rules);
  const addresses = [...groups.keys()];
  return addresses
    .flatMap((a) => addresses.map((b) => [a, b] as const))
    .filter(([a, b]) => cuts.some(([f, t]) => groups.get(a) === f && groups.get(b) === t))
    .map(([a, b]) => `${a}>${b}`)
    .sort();
}

describe('partitionTable', () => {
  it('puts two groups cut both ways into two groups and two cuts', () => {
    const a = ['10.0.0.1', '10.0.0.2'];
    const b = ['10.0.1.1', '10.0.1.2', '10.0.1.3'];
    const table = partitionTable([rule(a, b), rule(b, a)]);
    expect(new Set(table.groups.values()).size).toBe(2);
    expect(table.cuts).toHaveLength(2);
    expect(table.groups.get('10.0.0.1')).toBe(table.groups.get('10.0.0.2'));
    expect(table.groups.get('10.0.0.1')).not.toBe(table.groups.get('10.0.1.1'));
  });

  it('puts the IPv4 and IPv6 addresses of dual-stack nodes into the groups of their sides, and cuts both families', () => {
    const web = ['10.0.0.1', 'fd00::1'];
    const db = ['10.0.1.1', 'fd00:0:0:1::1'];
    const table = partitionTable([rule(web, db), rule(db, web)]);
    expect(new Set(table.groups.values()).size).toBe(2);
    expect(table.groups.get('fd00::1')).toBe(table.groups.get('10.0.0.1'));
    expect(table.groups.get('fd00:0:0:1::1')).toBe(table.groups.get('10.0.1.1'));
    expect(cutPairs([rule(web, db)])).toEqual([
      '10.0.0.1>10.0.1.1',
      '10.0.0.1>fd00:0:0:1::1',
      'fd00::1>10.0.1.1',
      'fd00::1>fd00:0:0:1::1',
    ]);
  });

  it('cuts one way only what a oneway rule names', () => {
    expect(cutPairs([rule(['10.0.0.1'], ['10.0.0.2'])])).toEqual(['10.0.0.1>10.0.0.2']);
  });

  it('cuts exactly the pairs of overlapping partitions, an address in several rules included', () => {
    const rules = [rule(['1.0.0.1', '1.0.0.2'], ['1.0.0.3']), rule(['1.0.0.3'], ['1.0.0.1']), rule(['1.0.0.2'], ['1.0.0.4'])];
    expect(cutPairs(rules)).toEqual(['1.0.0.1>1.0.0.3', '1.0.0.2>1.0.0.3', '1.0.0.2>1.0.0.4', '1.0.0.3>1.0.0.1']);
  });

  it('makes no table when no partition is left', () => {
    expect(partitionTable([])).toEqual({ groups: new Map(), cuts: [] });
  });

  it('refuses more addresses than the module holds, naming the limit', () => {
    const many = Array.from({ length: PARTITION_LIMITS.addresses + 1 }, (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
    expect(() => partitionTable([rule(many.slice(0, 10), many.slice(10))])).toThrow(
      `these partitions name ${PARTITION_LIMITS.addresses + 1} addresses; the module holds at most 65536`,
    );
  });

  it('refuses more distinct groups than the module holds', () => {
    const rules = Array.from({ length: 40 }, (_, i) => rule([`10.0.${i}.1`], [`10.1.${i}.1`]));
    expect(() => partitionTable(rules)).toThrow('80 distinct groups of addresses; the module holds at most 64');
  });
});
