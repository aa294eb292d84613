/** The dock under the canvas: terminal tabs, and the process list. */
import { useState } from 'react';
import { closeTerminal } from '../services/terminals.js';
import { setState, useStore } from '../store/index.js';
import { ProcessList } from './ProcessList.js';
import { TerminalPane } from './TerminalPane.js';

const PROCESSES_TAB = 0;

export function TerminalDock() {
  const terminals = useStore((s) => s.terminals);
  const active = useStore((s) => s.activeTerminal);
  const running = useStore((s) => s.networkState === 'running');
  const [collapsed, setCollapsed] = useState(false);
  if (!running && !terminals.length) return null;
  const shown = active ?? PROCESSES_TAB;
  return (
    <section className={`terminal-dock${collapsed ? ' collapsed' : ''}`} data-testid="terminal-dock">
      <div className="tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={shown === PROCESSES_TAB}
          className="tab"
          onClick={() => setState({ activeTerminal: undefined })}
        >
          Processes
        </button>
        {terminals.map((t) => (
          <div
            key={t.pid}
            role="tab"
            aria-selected={shown === t.pid}
            className={`tab${t.exited ? ' exited' : ''}`}
            data-testid={`terminal-tab-${t.pid}`}
          >
            <button type="button" className="tab-title" onClick={() => setState({ activeTerminal: t.pid })}>
              {t.title}
            </button>
            <button
              type="button"
              className="tab-close"
              data-testid={`terminal-close-${t.pid}`}
              aria-label="Close"
              onClick={() => closeTerminal(t.pid)}
            >
              ✕
            </button>
          </div>
        ))}
        <button
          type="button"
          className="tab collapse"
          onClick={() => setCollapsed(!collapsed)}
          aria-label={collapsed ? 'Expand' : 'Collapse'}
        >
          {collapsed ? '▴' : '▾'}
        </button>
      </div>
      <div className="dock-body">
        {shown === PROCESSES_TAB && <ProcessList />}
        {terminals.map((t) => (
          <TerminalPane key={t.pid} pid={t.pid} active={shown === t.pid && !collapsed} exited={t.exited} />
        ))}
      </div>
    </section>
  );
}
