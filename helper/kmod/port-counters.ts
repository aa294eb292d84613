/**
 * The module's per-port counter rows as the helper's PortCounters. Columns
 * are found by name in the addon's layout, never by position: a drop reason
 * added to the uapi adds a column and moves none the helper reads.
 */
import { DROP_REASONS, type DropCounts, type DropReason } from '../../common/protocol/helper.js';
import type { VnetStatsLayout } from '../../native/index.js';
import type { PortCounters } from '../backend.js';

/** Each protocol drop reason with its column; throws naming a reason the addon does not count. */
function reasonColumns(layout: VnetStatsLayout): [DropReason, number][] {
  return DROP_REASONS.map((reason) => {
    const column = layout.drops[reason];
    if (column === undefined)
      throw new Error(`the native addon counts no "${reason}" drops: rebuild it (npm run build:native)`);
    return [reason, column];
  });
}

/**
 * Counters by interface key, `keys[i]` naming the port of row i. drops totals every drop column the
 * addon has, reasons the protocol does not name yet included.
 */
export function portCounters(
  layout: VnetStatsLayout,
  keys: readonly string[],
  rows: Float64Array,
): Map<string, PortCounters> {
  const reasons = reasonColumns(layout);
  const allDrops = Object.values(layout.drops);
  const result = new Map<string, PortCounters>();
  // Plain indexing over the rows: every port, ten times a second.
  for (let port = 0, row = 0; row + layout.width <= rows.length; port++, row += layout.width) {
    const key = keys[port];
    if (key === undefined) continue;
    let drops = 0;
    for (const column of allDrops) drops += rows[row + column] ?? 0;
    const dropsByReason = {} as DropCounts;
    for (const [reason, column] of reasons) dropsByReason[reason] = rows[row + column] ?? 0;
    result.set(key, {
      rxPackets: rows[row + layout.rxPackets] ?? 0,
      rxBytes: rows[row + layout.rxBytes] ?? 0,
      txPackets: rows[row + layout.txPackets] ?? 0,
      txBytes: rows[row + layout.txBytes] ?? 0,
      drops,
      dropsByReason,
    });
  }
  return result;
}
