/** Processes running inside hosts, with kill: kept live while the list is shown and the network runs. */
import { useEffect } from 'react';
import { nodeName } from '../lib/names.js';
import { killProcess, refreshProcesses } from '../services/terminals.js';
import { useStore } from '../store/index.js';

/** How often the shown list is read again (processes started elsewhere send no notification). */
const LIST_EVERY_MS = 1000;

function useLiveList(): void {
  const running = useStore((s) => s.networkState === 'running');
  useEffect(() => {
    if (!running) return;
    void refreshProcesses();
    const timer = setInterval(() => void refreshProcesses(), LIST_EVERY_MS);
    return () => clearInterval(timer);
  }, [running]);
}

export function ProcessList() {
  const processes = useStore((s) => s.processes);
  const nodes = useStore((s) => s.topology.nodes);
  useLiveList();
  return (
    <div className="process-list" data-testid="process-list">
      <div className="process-head">
        <span>{processes.length} processes</span>
      </div>
      <table>
        <tbody>
          {processes.map((p) => (
            <tr key={p.pid} data-testid={`process-${p.pid}`}>
              <td className="muted">{p.pid}</td>
              <td>{nodeName(nodes, p.host)}</td>
              <td className="argv">{p.argv.join(' ')}</td>
              <td>
                <button
                  type="button"
                  className="link-button danger"
                  data-testid={`process-kill-${p.pid}`}
                  onClick={() => void killProcess(p.pid)}
                >
                  Kill
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
