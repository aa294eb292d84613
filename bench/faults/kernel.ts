/**
 * The module's share of a partition over it, apart from the helper's: the
 * table the helper installs for two halves cut both ways, installed from a
 * /dev/vnet file of this process's own (tables belong to their open file, so
 * the helper's network is untouched) through the addon, timed alone. The rest
 * of a network.partition call (the request, its checks, the table, the
 * notification) is the helper's.
 */
import type { HelperClient } from '../../helper/client.js';
import type { DropRule } from '../../helper/faults/nft.js';
import { partitionTable } from '../../helper/kmod/partitions.js';
import { withoutPrefix } from '../../helper/plan/plan.js';
import { openVnet } from '../../native/index.js';
import { timed } from '../helper/shared.js';

export interface KernelTimes {
  partition: number[];
  heal: number[];
}

export async function kernelPartitionTimes(
  helper: HelperClient,
  halves: [string[], string[]],
  rounds: number,
): Promise<KernelTimes> {
  const { hosts } = await helper.call('network.status', {});
  const addresses = (ids: string[]) =>
    ids.flatMap((id) => hosts[id]?.interfaces.flatMap((i) => (i.address ? [withoutPrefix(i.address)] : [])) ?? []);
  const [a, b] = halves;
  const rule = (from: string[], to: string[]): DropRule => ({
    from,
    fromAddresses: addresses(from),
    to,
    toAddresses: addresses(to),
  });
  const cut = partitionTable([rule(a, b), rule(b, a)]);
  const healed = partitionTable([]);
  const device = openVnet();
  const times: KernelTimes = { partition: [], heal: [] };
  try {
    for (let round = 0; round < rounds; round++) {
      times.partition.push((await timed(() => device.setPartitions(cut)))[0]);
      times.heal.push((await timed(() => device.setPartitions(healed)))[0]);
    }
  } finally {
    device.close();
  }
  return times;
}
