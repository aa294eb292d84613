/** Processes running inside hosts, with kill. */
import { nodeName } from '../lib/names.js';
import { killProcess, refreshProcesses } from '../services/terminals.js';
import { useStore } from '../store/index.js';

export function ProcessList() {
  const processes = useStore((s) => s.processes);
  const nodes = useStore((s) => s.topology.nodes);
  return (
    <div className="process-list" data-testid="process-list">
      <div className="process-head">
        <span>{processes.length} processes</span>
        <button type="button" className="link-button" onClick={() => void refreshProcesses()}>
          Refresh
        </button>
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
