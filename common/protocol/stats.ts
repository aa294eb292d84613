/**
 * Reading the `stats` notification (common/protocol/helper.ts): tuples back
 * into named counters, and a stream of full and partial notifications
 * folded into the counters of every host and link.
 */
import { COUNTER_FIELDS, type CounterSample, type CounterTuple, type Notifications } from './helper.js';

export function counterSample(tuple: CounterTuple): CounterSample {
  const [rxPackets, txPackets, rxBytes, txBytes, drops, rxPps, txPps, rxBps, txBps] = tuple;
  return { rxPackets, txPackets, rxBytes, txBytes, drops, rxPps, txPps, rxBps, txBps };
}

export function sameCounters(sample: CounterSample, tuple: CounterTuple): boolean {
  return COUNTER_FIELDS.every((field, i) => sample[field] === tuple[i]);
}

/** Every host's and link's counters as of `time`. */
export interface CountersView {
  time: number;
  hosts: Record<string, CounterSample>;
  links: Record<string, CounterSample>;
}

function folded(
  previous: Readonly<Record<string, CounterSample>>,
  entries: Readonly<Record<string, CounterTuple>>,
  full: boolean,
): Record<string, CounterSample> {
  const result = full ? {} : { ...previous };
  for (const [id, tuple] of Object.entries(entries)) result[id] = counterSample(tuple);
  return result;
}

/** The view after one more notification (before the first full one, a partial view). */
export function foldCounters(view: CountersView | undefined, stats: Notifications['stats']): CountersView {
  return {
    time: stats.time,
    hosts: folded(view?.hosts ?? {}, stats.hosts, stats.full),
    links: folded(view?.links ?? {}, stats.links, stats.full),
  };
}
