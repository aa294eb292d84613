import { describe, expect, it } from 'vitest';
import type { VnetStatsLayout } from '../../native/index.js';
import type { PortCounters } from '../backend.js';
import { portCounters } from './port-counters.js';

/** The layout of the addon as built from today's uapi (native/src/vnetdev.c). */
const today: VnetStatsLayout = {
  width: 11,
  id: 0,
  rxPackets: 1,
  rxBytes: 2,
  txPackets: 3,
  txBytes: 4,
  drops: { loss: 5, queueFull: 6, noCarrier: 7, noDest: 8, partition: 9, prog: 10 },
};

/** A port that received 10 frames (1,000 bytes) and sent 20 (2,000 bytes), with these drops. */
function port(drops: number, [loss, queueFull, noCarrier, noDest, partition, prog]: number[]): PortCounters {
  const dropsByReason = {
    loss: loss ?? 0,
    queueFull: queueFull ?? 0,
    noCarrier: noCarrier ?? 0,
    noDest: noDest ?? 0,
    partition: partition ?? 0,
    prog: prog ?? 0,
  };
  return { rxPackets: 10, rxBytes: 1000, txPackets: 20, txBytes: 2000, drops, dropsByReason };
}

describe('portCounters', () => {
  it('reads each value from the column the layout names', () => {
    const rows = new Float64Array([7, 10, 1000, 20, 2000, 4, 3, 2, 1, 6, 5, 8, 10, 1000, 20, 2000, 0, 0, 0, 0, 0, 0]);
    expect(portCounters(today, ['h1.a', 'h2.a'], rows)).toEqual(
      new Map([
        ['h1.a', port(21, [4, 3, 2, 1, 6, 5])],
        ['h2.a', port(0, [0, 0, 0, 0, 0, 0])],
      ]),
    );
  });

  it('reads the same counters when a new drop reason adds a column, and counts it in the total', () => {
    const grown: VnetStatsLayout = { ...today, width: 12, drops: { ...today.drops, ttlExpired: 11 } };
    const rows = new Float64Array([7, 10, 1000, 20, 2000, 4, 3, 2, 1, 6, 0, 5]);
    expect(portCounters(grown, ['h1.a'], rows).get('h1.a')).toEqual(port(21, [4, 3, 2, 1, 6]));
  });

  it('names a drop reason the addon does not count', () => {
    const { noDest: _, ...fewer } = today.drops;
    expect(() => portCounters({ ...today, drops: fewer }, [], new Float64Array())).toThrow(
      'the native addon counts no "noDest" drops',
    );
  });
});
