/**
 * Folding a stats notification into the counters slice. The helper sends
 * tuples, and only for the entries that changed (a full list now and then):
 * entries not listed keep their values. An entry whose numbers did not
 * change keeps its object identity, so a node subscribed to its own entry
 * does not re-render; that keeps 1,000 hosts at 10 Hz cheap.
 */
import type { CounterSample, CounterTuple, Notifications } from '../../../common/protocol/helper.js';
import { counterSample, sameCounters } from '../../../common/protocol/stats.js';
import { parsePlotKey, type CountersSlice, type Series } from './state.js';

/** Points kept per plotted series (a minute at 10 Hz). */
export const SERIES_LENGTH = 600;

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

function appended(series: Series | undefined, sample: CounterSample | undefined): Series {
  const keep = (values: readonly number[] | undefined, value: number) =>
    [...(values ?? []), value].slice(-SERIES_LENGTH);
  return { rxPps: keep(series?.rxPps, sample?.rxPps ?? 0), txPps: keep(series?.txPps, sample?.txPps ?? 0) };
}

export function foldStats(
  slice: CountersSlice,
  plotted: readonly string[],
  stats: Notifications['stats'],
): CountersSlice {
  const hostCounters = mergeSamples(slice.hostCounters, stats.hosts, stats.full);
  const linkCounters = mergeSamples(slice.linkCounters, stats.links, stats.full);
  const series: Record<string, Series> = {};
  for (const key of plotted) {
    const { kind, id } = parsePlotKey(key);
    series[key] = appended(slice.series[key], kind === 'host' ? hostCounters[id] : linkCounters[id]);
  }
  return { hostCounters, linkCounters, series };
}

export const emptyCounters = (): CountersSlice => ({ hostCounters: {}, linkCounters: {}, series: {} });
