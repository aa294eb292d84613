/**
 * Reading the `stats` notification (common/protocol/helper.ts): tuples back
 * into named counters, and a stream of full and partial notifications
 * folded into the counters of every host and link. An entry whose numbers
 * did not change keeps its object identity (and a record with no change is
 * returned as it was), so the designer re-renders only what changed.
 */
import {
  COUNTER_FIELDS,
  DROP_REASONS,
  type CounterSample,
  type CounterTuple,
  type DropCounts,
  type LinkProgramCounters,
  type Notifications,
} from './helper.js';

const REASONS_AT = COUNTER_FIELDS.length;

function counterSample(tuple: CounterTuple): CounterSample {
  const [rxPackets, txPackets, rxBytes, txBytes, drops, rxPps, txPps, rxBps, txBps] = tuple;
  const sample: CounterSample = { rxPackets, txPackets, rxBytes, txBytes, drops, rxPps, txPps, rxBps, txBps };
  if (tuple.length > REASONS_AT)
    sample.dropsByReason = Object.fromEntries(
      DROP_REASONS.map((reason, i) => [reason, tuple[REASONS_AT + i] ?? 0]),
    ) as DropCounts;
  return sample;
}

function sameCounters(sample: CounterSample, tuple: CounterTuple): boolean {
  const byReason = sample.dropsByReason;
  return (
    COUNTER_FIELDS.every((field, i) => sample[field] === tuple[i]) &&
    (byReason
      ? tuple.length > REASONS_AT && DROP_REASONS.every((reason, i) => byReason[reason] === tuple[REASONS_AT + i])
      : tuple.length === REASONS_AT)
  );
}

/** Every host's and link's counters as of `time`. */
export interface CountersView {
  time: number;
  hosts: Readonly<Record<string, CounterSample>>;
  links: Readonly<Record<string, CounterSample>>;
  /** What the links' programs hold in their maps, by link id. */
  programs: ProgramCountersView;
}

export type ProgramCountersView = Readonly<Record<string, LinkProgramCounters>>;

const NO_PROGRAMS: ProgramCountersView = Object.freeze({});

/** Programs' counters after one more notification: full ones carry them all (none: no link runs one). */
export function foldPrograms(previous: ProgramCountersView, stats: Notifications['stats']): ProgramCountersView {
  return stats.full ? (stats.programs ?? NO_PROGRAMS) : previous;
}

/** `full`: the entries are all there is (any other is gone); else they update the previous ones. */
export function mergeSamples(
  previous: Readonly<Record<string, CounterSample>>,
  entries: Readonly<Record<string, CounterTuple>>,
  full: boolean,
): Readonly<Record<string, CounterSample>> {
  const listed = Object.entries(entries);
  let changed = full && Object.keys(previous).length !== listed.length;
  const merged: Record<string, CounterSample> = full ? {} : { ...previous };
  for (const [id, tuple] of listed) {
    const old = previous[id];
    if (old && sameCounters(old, tuple)) merged[id] = old;
    else {
      merged[id] = counterSample(tuple);
      changed = true;
    }
  }
  return changed ? merged : previous;
}

/** The view after one more notification (before the first full one, a partial view). */
export function foldCounters(view: CountersView | undefined, stats: Notifications['stats']): CountersView {
  return {
    time: stats.time,
    hosts: mergeSamples(view?.hosts ?? {}, stats.hosts, stats.full),
    links: mergeSamples(view?.links ?? {}, stats.links, stats.full),
    programs: foldPrograms(view?.programs ?? NO_PROGRAMS, stats),
  };
}

/**
 * Rates are the change of the totals over about this long. One 100 ms tick
 * holds one packet of a steady 1 pps flow or none, so per-tick rates read
 * 10 once and 0 nine times; over a second they read 1.
 */
export const RATE_WINDOW_MS = 1000;

/**
 * The samples a rate window still reaches, oldest first, one pushed per
 * tick. A rate is the change from `opening(now)` to now, divided by the
 * time between them: the window is as near a second as the ticks allow.
 */
export class RateWindow<T> {
  private samples: { time: number; value: T }[] = [];

  /** The sample nearest to one window before `now` (the oldest while less than a window has been seen). */
  opening(now: number): { time: number; value: T } | undefined {
    const start = now - RATE_WINDOW_MS;
    let nearest = this.samples[0];
    for (const sample of this.samples)
      if (nearest && Math.abs(sample.time - start) < Math.abs(nearest.time - start)) nearest = sample;
    return nearest;
  }

  /** Adds the sample taken at `time`; returns a value no later window reaches (for reuse), if one was dropped. */
  push(time: number, value: T): T | undefined {
    this.samples.push({ time, value });
    // Later windows start after time − RATE_WINDOW_MS: of two samples at or before that, the older is never nearer.
    let dropped: T | undefined;
    while ((this.samples[1]?.time ?? Infinity) <= time - RATE_WINDOW_MS) dropped = this.samples.shift()?.value;
    return dropped;
  }

  /** Rewrites every kept value (the entries changed: the network did). */
  map(rewrite: (value: T) => T): void {
    this.samples = this.samples.map(({ time, value }) => ({ time, value: rewrite(value) }));
  }
}
