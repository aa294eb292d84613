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
  for (const [i, field] of COUNTER_FIELDS.entries()) if (sample[field] !== tuple[i]) return false;
  const byReason = sample.dropsByReason;
  if (!byReason) return tuple.length === REASONS_AT;
  return tuple.length > REASONS_AT && DROP_REASONS.every((reason, i) => byReason[reason] === tuple[REASONS_AT + i]);
}

/** Writes each entry into `into`: `previous`'s sample where its numbers are the same, else a new one; true when any was new. */
function writeEntries(
  into: Record<string, CounterSample>,
  previous: Readonly<Record<string, CounterSample>>,
  entries: Readonly<Record<string, CounterTuple>>,
): boolean {
  let changed = false;
  for (const [id, tuple] of Object.entries(entries)) {
    const old = previous[id];
    if (old && sameCounters(old, tuple)) into[id] = old;
    else {
      into[id] = counterSample(tuple);
      changed = true;
    }
  }
  return changed;
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

/** Programs' counters after one more notification: those it carries are all there are (none in a full one: no link runs one). */
export function foldPrograms(previous: ProgramCountersView, stats: Notifications['stats']): ProgramCountersView {
  return stats.programs ?? (stats.full ? NO_PROGRAMS : previous);
}

/** `full`: the entries are all there is (any other is gone); else they update the previous ones. */
export function mergeSamples(
  previous: Readonly<Record<string, CounterSample>>,
  entries: Readonly<Record<string, CounterTuple>>,
  full: boolean,
): Readonly<Record<string, CounterSample>> {
  const merged: Record<string, CounterSample> = full ? {} : { ...previous };
  const changed = writeEntries(merged, previous, entries);
  const gone = full && Object.keys(previous).length !== Object.keys(merged).length;
  return changed || gone ? merged : previous;
}

/**
 * A partial tick written into a record its caller owns, in place: a changed entry gets a new sample
 * (so its subscribers see it), an unchanged one keeps its own. No copy of the record: at 10,000 hosts
 * a tick lists a few thousand entries of a record of 20,000.
 */
export function writeSamples(
  record: Record<string, CounterSample>,
  entries: Readonly<Record<string, CounterTuple>>,
): void {
  writeEntries(record, record, entries);
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
