/**
 * One plotted host or link as a uPlot chart: a time axis, packets/s on the
 * left, bits/s on the right, a series per PLOTTED_FIELDS column (in and out
 * in each unit, drops), a legend with the values under the cursor, a window
 * to choose, and the window's points exported as CSV or the chart as PNG.
 */
import { memo, useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { download } from '../lib/download.js';
import { bitRate, compact, grouped } from '../lib/format.js';
import type { PlottedField, Series } from '../store/counters.js';

/** The windows offered, in ms (the history keeps the longest: HISTORY_MS). */
export const PLOT_WINDOWS = [
  { label: '1 min', ms: 60_000 },
  { label: '5 min', ms: 5 * 60_000 },
  { label: '15 min', ms: 15 * 60_000 },
] as const;

/** Each column's legend label, colour, axis and how a value reads. Bytes/s are plotted as bits/s. */
const COLUMNS: Record<PlottedField, { label: string; stroke: string; scale: 'pps' | 'bps'; dash?: number[] }> = {
  rxPps: { label: 'in pps', stroke: '#2563eb', scale: 'pps' },
  txPps: { label: 'out pps', stroke: '#16a34a', scale: 'pps' },
  rxBps: { label: 'in bit/s', stroke: '#2563eb', scale: 'bps', dash: [4, 3] },
  txBps: { label: 'out bit/s', stroke: '#16a34a', scale: 'bps', dash: [4, 3] },
  drops: { label: 'dropped (total)', stroke: '#dc2626', scale: 'pps' },
};
const FIELDS = Object.keys(COLUMNS) as PlottedField[];
const bits = (field: PlottedField) => (COLUMNS[field].scale === 'bps' ? 8 : 1);

/** The series' points in `windowMs` before its last, as uPlot's columns: seconds, then each field (bits for bytes). */
export function plotData(series: Series | undefined, windowMs: number): uPlot.AlignedData {
  const time = series?.time ?? [];
  const from = (time.at(-1) ?? 0) - windowMs;
  const first = time.findIndex((t) => t >= from);
  const start = first < 0 ? time.length : first;
  return [
    time.slice(start).map((t) => t / 1000),
    ...FIELDS.map((f) => (series?.[f] ?? []).slice(start).map((v) => v * bits(f))),
  ];
}

/** The same points as CSV, in the units the chart shows. */
export function plotCsv(data: uPlot.AlignedData): string {
  const header = ['time', ...FIELDS.map((f) => COLUMNS[f].label.replace(' (total)', ''))].join(',');
  const [times = [], ...columns] = data;
  const rows = Array.from(times, (t, i) =>
    [new Date((t as number) * 1000).toISOString(), ...columns.map((c) => c[i] ?? '')].join(','),
  );
  return [header, ...rows].join('\n') + '\n';
}

const WIDTH = 280;
const HEIGHT = 140;

function options(): uPlot.Options {
  return {
    width: WIDTH,
    height: HEIGHT,
    scales: {
      x: { time: true },
      pps: { range: (_u, _min, max) => [0, Math.max(1, max)] },
      bps: { range: (_u, _min, max) => [0, Math.max(8, max)] },
    },
    axes: [
      { size: 28, font: '10px sans-serif' },
      {
        scale: 'pps',
        label: 'pps',
        size: 36,
        labelSize: 12,
        font: '10px sans-serif',
        values: (_u, ticks) => ticks.map(compact),
      },
      {
        scale: 'bps',
        side: 1,
        label: 'bit/s',
        size: 36,
        labelSize: 12,
        font: '10px sans-serif',
        grid: { show: false },
        values: (_u, ticks) => ticks.map(compact),
      },
    ],
    series: [
      {},
      ...FIELDS.map((f) => ({
        label: COLUMNS[f].label,
        stroke: COLUMNS[f].stroke,
        scale: COLUMNS[f].scale,
        width: 1.5,
        ...(COLUMNS[f].dash && { dash: COLUMNS[f].dash }),
        value: (_u: uPlot, v: number | null) =>
          v === null ? '—' : COLUMNS[f].scale === 'bps' ? bitRate(v / 8) : grouped(v),
      })),
    ],
    legend: { live: true },
  };
}

export interface TrafficPlotHandle {
  csv(): void;
  png(): void;
}

/** The chart of one series over `windowMs`; `exports` is given functions that save it. */
export const TrafficPlot = memo(function TrafficPlot({
  series,
  windowMs,
  name,
  exports,
}: {
  series: Series | undefined;
  windowMs: number;
  /** The file names' start: the item's name. */
  name: string;
  exports: { current: TrafficPlotHandle | undefined };
}) {
  const element = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot>(undefined);
  const data = plotData(series, windowMs);

  useEffect(() => {
    if (!element.current) return;
    plot.current = new uPlot(options(), [[], ...FIELDS.map(() => [])], element.current);
    return () => {
      plot.current?.destroy();
      plot.current = undefined;
    };
  }, []);

  useEffect(() => {
    plot.current?.setData(data);
    exports.current = {
      csv: () => download(`${name}-traffic.csv`, new Blob([plotCsv(data)], { type: 'text/csv' })),
      png: () => plot.current?.ctx.canvas.toBlob((blob) => blob && download(`${name}-traffic.png`, blob), 'image/png'),
    };
  });

  return <div ref={element} className="traffic-plot" data-testid="plot-chart" data-points={data[0].length} />;
});
