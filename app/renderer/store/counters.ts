/**
 * The counters slice: the latest per-second samples and the plotted series.
 * The helper sends tuples, and only for the entries that changed (a full
 * list now and then); mergeSamples keeps the identity of unchanged entries,
 * so a node subscribed to its own entry does not re-render. A partial tick
 * is folded into the records in place (see `folded`), so it costs what it
 * lists, not the size of the network: that keeps 10,000 hosts at 10 Hz cheap.
 */
import type { CounterSample, Notifications } from '../../../common/protocol/helper.js';
import { mergeSamples } from '../../../common/protocol/stats.js';
import type { SliceCreator } from './slice.js';
import { parsePlotKey } from './state.js';

/** Points kept per plotted series (a minute at 10 Hz). */
export const SERIES_LENGTH = 600;

export interface Series {
  rxPps: readonly number[];
  txPps: readonly number[];
}

/** Latest per-second samples; an entry keeps its identity while its numbers do not change. */
export interface Counters {
  hostCounters: Readonly<Record<string, CounterSample>>;
  linkCounters: Readonly<Record<string, CounterSample>>;
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

function appended(series: Series | undefined, sample: CounterSample | undefined): Series {
  const keep = (values: readonly number[] | undefined, value: number) =>
    [...(values ?? []), value].slice(-SERIES_LENGTH);
  return { rxPps: keep(series?.rxPps, sample?.rxPps ?? 0), txPps: keep(series?.txPps, sample?.txPps ?? 0) };
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
  const listed: Record<string, CounterSample> = {};
  for (const id of Object.keys(entries)) {
    const old = record[id];
    if (old) listed[id] = old;
  }
  return Object.assign(record as Record<string, CounterSample>, mergeSamples(listed, entries, false));
}

export function foldStats(slice: Counters, plotted: readonly string[], stats: Notifications['stats']): Counters {
  const hostCounters = folded(slice.hostCounters, stats.hosts, stats.full);
  const linkCounters = folded(slice.linkCounters, stats.links, stats.full);
  const series: Record<string, Series> = {};
  for (const key of plotted) {
    const { kind, id } = parsePlotKey(key);
    series[key] = appended(slice.series[key], kind === 'host' ? hostCounters[id] : linkCounters[id]);
  }
  return { hostCounters, linkCounters, series };
}

const NONE: Samples = Object.freeze({});

export const emptyCounters = (): Counters => ({ hostCounters: NONE, linkCounters: NONE, series: {} });

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
