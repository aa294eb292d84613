/**
 * The counters slice: the latest per-second samples and the plotted series
 * (a bounded history: HISTORY_MS at POINT_EVERY_MS).
 * The helper sends tuples, and only for the entries that changed (a full
 * list first and after a network change); mergeSamples keeps the identity of unchanged entries,
 * so a node subscribed to its own entry does not re-render. A partial tick
 * is folded into the records in place (see `folded`), so it costs what it
 * lists, not the size of the network: that keeps 10,000 hosts cheap at any rate.
 */
import type { CounterSample, Notifications } from '../../../common/protocol/helper.js';
import { foldPrograms, mergeSamples, writeSamples, type ProgramCountersView } from '../../../common/protocol/stats.js';
import type { SliceCreator } from './slice.js';
import { parsePlotKey } from './state.js';

/** The counters a plot follows: its series, in this order. */
export const PLOTTED_FIELDS = [
  'rxPps',
  'txPps',
  'rxBps',
  'txBps',
  'drops',
] as const satisfies readonly (keyof CounterSample)[];
export type PlottedField = (typeof PLOTTED_FIELDS)[number];

/** A plotted item's history goes back this far (the plot's longest window)… */
export const HISTORY_MS = 15 * 60_000;
/** …one point every half second at most (rates are over a second: finer points add nothing). */
export const POINT_EVERY_MS = 500;

/** A plotted item's history, in columns: `time` in ms since the epoch, then each PLOTTED_FIELDS value then. */
export type Series = { time: readonly number[] } & Readonly<Record<PlottedField, readonly number[]>>;

/** Latest per-second samples; an entry keeps its identity while its numbers do not change. */
export interface Counters {
  hostCounters: Readonly<Record<string, CounterSample>>;
  linkCounters: Readonly<Record<string, CounterSample>>;
  /** What the links' programs hold in their maps, by link id (once a second). */
  programCounters: ProgramCountersView;
  /** History of plotted items, keyed by plot key (see plotKey). */
  series: Readonly<Record<string, Series>>;
}

export interface CountersSlice extends Counters {
  /** Plot keys shown in the stats panel. */
  plotted: readonly string[];
}

export interface CountersActions {
  /** Folds a stats notification in (ignored unless the network runs: a late tick after Stop). */
  countersArrived(stats: Notifications['stats']): void;
  clearCounters(): void;
  togglePlot(key: string): void;
}

/** The series with the sample of `time` added (unless the last point is too recent), older points than HISTORY_MS dropped. */
function appended(series: Series | undefined, sample: CounterSample | undefined, time: number): Series | undefined {
  const last = series?.time.at(-1);
  if (series && last !== undefined && time - last < POINT_EVERY_MS) return series;
  const times = series?.time ?? [];
  let first = 0;
  while (first < times.length && (times[first] as number) <= time - HISTORY_MS) first++;
  const keep = (values: readonly number[] | undefined, value: number) => [...(values ?? []).slice(first), value];
  const next: Record<string, readonly number[]> = { time: keep(times, time) };
  for (const field of PLOTTED_FIELDS) next[field] = keep(series?.[field], sample?.[field] ?? 0);
  return next as Series;
}

type Samples = Readonly<Record<string, CounterSample>>;

/**
 * The record after a tick. A full tick makes a new one; a partial tick
 * writes the entries it changed into the record itself (one the slice made:
 * the frozen empty ones are never written to). Nothing reads the record as
 * a whole per frame: subscribers read their own entry, whose identity
 * changes when its numbers do, and the store's set() still tells them.
 */
function folded(record: Samples, entries: Notifications['stats']['hosts'], full: boolean): Samples {
  if (full || Object.isFrozen(record)) return mergeSamples(record, entries, full);
  writeSamples(record as Record<string, CounterSample>, entries);
  return record;
}

export function foldStats(slice: Counters, plotted: readonly string[], stats: Notifications['stats']): Counters {
  const hostCounters = folded(slice.hostCounters, stats.hosts, stats.full);
  const linkCounters = folded(slice.linkCounters, stats.links, stats.full);
  const series: Record<string, Series> = {};
  for (const key of plotted) {
    const { kind, id } = parsePlotKey(key);
    const next = appended(slice.series[key], kind === 'host' ? hostCounters[id] : linkCounters[id], stats.time);
    if (next) series[key] = next;
  }
  return { hostCounters, linkCounters, programCounters: foldPrograms(slice.programCounters, stats), series };
}

const NONE: Samples = Object.freeze({});

export const emptyCounters = (): Counters => ({
  hostCounters: NONE,
  linkCounters: NONE,
  programCounters: Object.freeze({}),
  series: {},
});

const counting = (c: Counters) => Object.keys(c.hostCounters).length + Object.keys(c.linkCounters).length > 0;

export const createCountersSlice: SliceCreator<CountersSlice & CountersActions> = (set, get) => ({
  ...emptyCounters(),
  plotted: [],
  countersArrived(stats) {
    const state = get();
    if (state.networkState === 'running') set(foldStats(state, state.plotted, stats));
  },
  clearCounters() {
    if (counting(get())) set(emptyCounters());
  },
  togglePlot(key) {
    const { plotted } = get();
    set({ plotted: plotted.includes(key) ? plotted.filter((k) => k !== key) : [...plotted, key] });
  },
});
