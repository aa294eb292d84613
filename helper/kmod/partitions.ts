/**
 * Partitions over the module: the faults layer's drop rules as one table of the module (address → group,
 * cut group pairs), IPv4 and IPv6 addresses alike. Addresses that the same rules name on the same side share
 * a group, so two groups cut both ways take two groups and two cuts, whatever the number of hosts and their
 * families.
 */
import type { VnetPartitionTable } from '../../native/index.js';
import type { DropRule } from '../faults/nft.js';

/** The module's limits per table (VNET_PARTITION_MAX_ADDRS, VNET_PARTITION_MAX_GROUPS). */
export const PARTITION_LIMITS = { addresses: 65536, groups: 64 } as const;

/** Which sides of which rules name an address: "f0 t1" = the senders of rule 0, the receivers of rule 1. */
function sidesOf(rules: readonly DropRule[]): Map<string, string> {
  const sides = new Map<string, string>();
  rules.forEach((rule, i) => {
    for (const address of rule.fromAddresses) sides.set(address, `${sides.get(address) ?? ''} f${i}`);
    for (const address of rule.toAddresses) sides.set(address, `${sides.get(address) ?? ''} t${i}`);
  });
  return sides;
}

/** The table dropping what the rules drop; throws, naming the limit, when the module could not hold it. */
export function partitionTable(rules: readonly DropRule[]): VnetPartitionTable {
  const sides = sidesOf(rules);
  if (sides.size > PARTITION_LIMITS.addresses)
    throw new Error(
      `these partitions name ${sides.size} addresses; the module holds at most ${PARTITION_LIMITS.addresses}`,
    );
  const groupOfSides = new Map<string, number>();
  const groups = new Map<string, number>();
  for (const [address, side] of sides) {
    let group = groupOfSides.get(side);
    if (group === undefined) groupOfSides.set(side, (group = groupOfSides.size));
    groups.set(address, group);
  }
  if (groupOfSides.size > PARTITION_LIMITS.groups)
    throw new Error(
      `these partitions overlap into ${groupOfSides.size} distinct groups of addresses; the module holds at most ${PARTITION_LIMITS.groups}`,
    );
  const on = (side: string) => [...groupOfSides].filter(([s]) => s.split(' ').includes(side)).map(([, g]) => g);
  const cuts = new Map<string, [number, number]>();
  rules.forEach((_, i) => {
    for (const from of on(`f${i}`)) for (const to of on(`t${i}`)) cuts.set(`${from}>${to}`, [from, to]);
  });
  return { groups, cuts: [...cuts.values()] };
}
