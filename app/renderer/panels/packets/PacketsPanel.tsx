/**
 * The Packets tab of the dock: this view's captures as a live list, a display
 * filter, pause, clear, save as pcapng, Wireshark, and the selected packet's
 * fields and bytes.
 */
import { useEffect, useState } from 'react';
import type { WiresharkSupport } from '../../../common/api.js';
import { DISPLAY_FILTER_HELP } from '../../../../common/capture/display-filter.js';
import { api } from '../../services/api.js';
import { sentence } from '../../lib/sentences.js';
import { openInWireshark, savePackets, stopCaptures } from '../../services/capture.js';
import { runningCaptures } from '../../store/capture.js';
import { getState, useStore } from '../../store/index.js';
import { PacketDetail } from './PacketDetail.js';
import { PacketList } from './PacketList.js';
import { FilteredNumbers } from './rows.js';

function useWiresharkSupport(): WiresharkSupport | undefined {
  const [support, setSupport] = useState<WiresharkSupport>();
  useEffect(() => {
    api()
      .capture.wiresharkSupport()
      .then(setSupport, (error: unknown) => setSupport({ available: false, reason: sentence(error) }));
  }, []);
  return support;
}

function CaptureStatus() {
  const captures = useStore((s) => s.captures);
  const ring = useStore((s) => s.packetRing);
  useStore((s) => s.packetsVersion);
  const skipped = useStore((s) => s.packetsSkipped);
  const lost = captures.reduce((n, c) => n + c.lost, 0);
  const notes = [
    `${ring.size.toLocaleString('en-US')} kept`,
    ring.dropped && `${ring.dropped.toLocaleString('en-US')} older ones dropped (not in a saved file)`,
    lost && `${lost.toLocaleString('en-US')} lost by the capture (it fell behind)`,
    skipped && `${skipped.toLocaleString('en-US')} not kept while paused`,
  ].filter(Boolean);
  const running = runningCaptures(captures);
  const ended = captures.filter((c) => c.ended && c.ended !== 'stopped');
  return (
    <span className="capture-status" data-testid="capture-status">
      {running.length ? `Capturing ${running.map((c) => c.label).join(', ')}` : 'Not capturing'} · {notes.join(' · ')}
      {ended.map((c) => ` · ${c.label} ended: ${c.ended}`)}
    </span>
  );
}

export function PacketsPanel() {
  const filter = useStore((s) => s.packetFilter);
  const paused = useStore((s) => s.capturePaused);
  const ring = useStore((s) => s.packetRing);
  useStore((s) => s.packetsVersion);
  const anyRunning = useStore((s) => runningCaptures(s.captures).length > 0);
  const wireshark = useWiresharkSupport();
  const [filtered] = useState(() => new FilteredNumbers());
  const numbers = filtered.update(ring, filter);
  return (
    <div className="packets-panel" data-testid="packets-panel">
      <div className="packets-bar">
        <input
          className={`packet-filter${filtered.error ? ' invalid' : ''}`}
          data-testid="packet-filter"
          placeholder="Filter: icmp, tcp port 80, 10.0.0.1, dropped, … (hover for more)"
          title={filtered.error ?? DISPLAY_FILTER_HELP}
          aria-invalid={!!filtered.error}
          value={filter}
          onChange={(event) => getState().setPacketFilter(event.target.value)}
        />
        <button type="button" data-testid="capture-pause" onClick={() => getState().pauseCapture(!paused)}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" data-testid="capture-clear" onClick={() => getState().clearPackets()}>
          Clear
        </button>
        <button type="button" data-testid="capture-stop" disabled={!anyRunning} onClick={() => void stopCaptures()}>
          Stop
        </button>
        <button type="button" data-testid="capture-save" onClick={() => void savePackets()}>
          Save as pcapng…
        </button>
        <button
          type="button"
          data-testid="capture-wireshark"
          disabled={!wireshark?.available || !anyRunning}
          title={wireshark?.available ? 'Pipe the live capture to Wireshark' : wireshark?.reason}
          onClick={() => void openInWireshark()}
        >
          Open in Wireshark
        </button>
        <CaptureStatus />
      </div>
      {filtered.skipped > 0 && !filtered.error && (
        <div className="capture-status" data-testid="packet-filter-sampled">
          Packets come faster than the filter reads them: it skipped {filtered.skipped.toLocaleString('en-US')} (they
          are kept and saved).
        </div>
      )}
      {filtered.error && (
        <div className="packet-filter-error" role="alert" data-testid="packet-filter-error">
          {filtered.error}
        </div>
      )}
      <div className="packet-head" role="row">
        <span className="no">No.</span>
        <span className="time">Time</span>
        <span className="addr">Source</span>
        <span className="addr">Destination</span>
        <span className="proto">Protocol</span>
        <span className="len">Length</span>
        <span className="info">Info</span>
      </div>
      <div className="packets-split">
        <PacketList numbers={numbers} />
        <PacketDetail />
      </div>
    </div>
  );
}
