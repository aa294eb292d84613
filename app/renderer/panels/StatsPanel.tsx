/** The traffic of the hosts and links the user chose to plot: a chart each, by name, with its window and exports. */
import { useRef, useState } from 'react';
import { linkName, nodeName } from '../lib/names.js';
import { getState, useStore } from '../store/index.js';
import { parsePlotKey } from '../store/state.js';
import { PLOT_WINDOWS, TrafficPlot, type TrafficPlotHandle } from './TrafficPlot.js';

/** What a plot is of, in the words users read: a host's name, a link's ends' names. */
function usePlotName(kind: string, id: string): string {
  return useStore((s) => {
    if (kind === 'host') return nodeName(s.topology.nodes, id);
    const link = s.topology.links.find((l) => l.id === id);
    return link ? linkName(link, s.topology.nodes) : id;
  });
}

function SeriesRow({ plot }: { plot: string }) {
  const series = useStore((s) => s.series[plot]);
  const { kind, id } = parsePlotKey(plot);
  const name = usePlotName(kind, id);
  const [windowMs, setWindowMs] = useState<number>(PLOT_WINDOWS[0].ms);
  const exports = useRef<TrafficPlotHandle>(undefined);
  return (
    <div className="series" data-testid={`stats-series-${id}`}>
      <div className="series-head">
        <span data-testid={`stats-title-${id}`}>
          {kind} <b>{name}</b>
        </span>
        <select
          aria-label="Time window"
          data-testid="plot-window"
          value={windowMs}
          onChange={(e) => setWindowMs(Number(e.target.value))}
        >
          {PLOT_WINDOWS.map((w) => (
            <option key={w.ms} value={w.ms}>
              {w.label}
            </option>
          ))}
        </select>
        <button type="button" className="link-button" data-testid="plot-csv" onClick={() => exports.current?.csv()}>
          CSV
        </button>
        <button type="button" className="link-button" data-testid="plot-png" onClick={() => exports.current?.png()}>
          PNG
        </button>
        <button type="button" className="link-button" onClick={() => getState().togglePlot(plot)} title="Stop plotting">
          ✕
        </button>
      </div>
      <TrafficPlot series={series} windowMs={windowMs} name={name.replace(/[^\w.-]+/g, '_')} exports={exports} />
    </div>
  );
}

export function StatsPanel() {
  const plotted = useStore((s) => s.plotted);
  const running = useStore((s) => s.networkState === 'running');
  return (
    <section className="stats-panel" data-testid="stats-panel">
      <h3>Traffic</h3>
      {!plotted.length && (
        <p className="hint">Select a host or link and press Plot to follow its packets and bits per second.</p>
      )}
      {plotted.length > 0 && !running && <p className="hint">Plots fill in while the network runs.</p>}
      {plotted.map((plot) => (
        <SeriesRow key={plot} plot={plot} />
      ))}
    </section>
  );
}
