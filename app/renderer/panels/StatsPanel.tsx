/** Packets per second over time for the hosts and links the user chose to plot. */
import { compact } from '../lib/format.js';
import { SERIES_LENGTH } from '../store/counters.js';
import { getState, useStore } from '../store/index.js';
import { parsePlotKey } from '../store/state.js';
import { Sparkline } from './Sparkline.js';

/** Points shown: the last 30 s at 10 Hz. */
const VISIBLE_POINTS = Math.min(300, SERIES_LENGTH);
const RX_COLOUR = '#2563eb';
const TX_COLOUR = '#16a34a';

function SeriesRow({ plot }: { plot: string }) {
  const series = useStore((s) => s.series[plot]);
  const { kind, id } = parsePlotKey(plot);
  const rx = series?.rxPps.slice(-VISIBLE_POINTS) ?? [];
  const tx = series?.txPps.slice(-VISIBLE_POINTS) ?? [];
  const remove = () => getState().togglePlot(plot);
  return (
    <div className="series" data-testid={`stats-series-${id}`}>
      <div className="series-head">
        <span>
          {kind} <b>{id}</b>
        </span>
        <span className="muted">
          <span style={{ color: RX_COLOUR }}>in {compact(rx.at(-1) ?? 0)}</span> ·{' '}
          <span style={{ color: TX_COLOUR }}>out {compact(tx.at(-1) ?? 0)}</span> pps
        </span>
        <button type="button" className="link-button" onClick={remove} title="Stop plotting">
          ✕
        </button>
      </div>
      <Sparkline
        capacity={VISIBLE_POINTS}
        series={[
          { values: rx, colour: RX_COLOUR },
          { values: tx, colour: TX_COLOUR },
        ]}
      />
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
        <p className="hint">Select a host or link and press Plot to follow its packets per second.</p>
      )}
      {plotted.length > 0 && !running && <p className="hint">Plots fill in while the network runs.</p>}
      {plotted.map((plot) => (
        <SeriesRow key={plot} plot={plot} />
      ))}
    </section>
  );
}
