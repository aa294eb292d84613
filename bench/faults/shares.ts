/**
 * Where a partition's time goes over the module: the table the helper
 * installs for two halves cut both ways, installed from a /dev/vnet file of
 * this process's own (tables belong to their open file, so the helper's
 * network is untouched) through the addon, timed alone: the module's share;
 * and a request the helper answers without work (helper.version): what any
 * request costs on this machine. The rest of a network.partition call (its
 * checks, the table, the notification) is the helper's own.
 */
import { interfaceAddresses } from '../../common/protocol/helper.js';
import type { HelperClient } from '../../helper/client.js';
import type { DropRule } from '../../helper/faults/nft.js';
import { partitionTable } from '../../helper/kmod/partitions.js';
import { withoutPrefix } from '../../helper/plan/plan.js';
import { openVnet } from '../../native/index.js';
import { timed } from '../helper/shared.js';

export interface PartitionShares {
  /** The module's ioctl, through the addon. */
  partition: number[];
  heal: number[];
  /** A request the helper answers at once, there and back. */
  request: number[];
}

export async function partitionShares(
  helper: HelperClient,
  halves: [string[], string[]],
  rounds: number,
): Promise<PartitionShares> {
  const { hosts } = await helper.call('network.status', {});
  const addresses = (ids: string[]) =>
    ids.flatMap((id) => hosts[id]?.interfaces.flatMap((i) => interfaceAddresses(i).map(withoutPrefix)) ?? []);
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
  const shares: PartitionShares = { partition: [], heal: [], request: [] };
  try {
    for (let round = 0; round < rounds; round++) {
      shares.partition.push((await timed(() => device.setPartitions(cut)))[0]);
      shares.heal.push((await timed(() => device.setPartitions(healed)))[0]);
      shares.request.push((await timed(() => helper.call('helper.version', {})))[0]);
    }
  } finally {
    device.close();
  }
  return shares;
}
