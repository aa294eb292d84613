/**
 * Folding a stats notification into the counters slice. The helper sends
 * tuples, and only for the entries that changed (a full list now and then);
 * mergeSamples keeps the identity of unchanged entries, so a node subscribed
 * to its own entry does not re-render: that keeps 1,000 hosts at 10 Hz cheap.
 */
import type { CounterSample, Notifications } from '../../../common/protocol/helper.js';
import { mergeSamples } from '../../../common/protocol/stats.js';
import { parsePlotKey, type CountersSlice, type Series } from './state.js';

/** Points kept per plotted series (a minute at 10 Hz). */
export const SERIES_LENGTH = 600;

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
