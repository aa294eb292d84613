/** The dock under the canvas: terminal tabs, the process list, and the captured packets. */
import { useState } from 'react';
import { nodeName } from '../lib/names.js';
import { PacketsPanel } from '../panels/packets/PacketsPanel.js';
import { PacketsTab, usePacketsTab } from '../panels/packets/PacketsTab.js';
import { closeTerminal } from '../services/terminals.js';
import { getState, useStore } from '../store/index.js';
import { ProcessList } from './ProcessList.js';
import { TerminalPane } from './TerminalPane.js';

const PROCESSES_TAB = 0;

export function TerminalDock() {
  const terminals = useStore((s) => s.terminals);
  const nodes = useStore((s) => s.topology.nodes);
  const active = useStore((s) => s.activeTerminal);
  const running = useStore((s) => s.networkState === 'running');
  // Folded until there is a terminal to show, so the canvas keeps its room; opens with each new terminal.
  const [collapsed, setCollapsed] = useState(true);
  const count = terminals.length;
  const [seenCount, setSeenCount] = useState(count);
  if (count !== seenCount) {
    setSeenCount(count);
    if (count > seenCount) setCollapsed(false);
  }
  const packets = usePacketsTab(count, () => setCollapsed(false));
  if (!running && !count && !packets.offered) return null;
  const show = (pid: number | undefined) => {
    getState().showTerminal(pid);
    packets.show(false);
    setCollapsed(false);
  };
  const shown = packets.shown ? undefined : (active ?? PROCESSES_TAB);
  return (
    <section className={`terminal-dock${collapsed ? ' collapsed' : ''}`} data-testid="terminal-dock">
      <div className="tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={shown === PROCESSES_TAB}
          className="tab"
          onClick={() => show(undefined)}
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
            <button type="button" className="tab-title" onClick={() => show(t.pid)}>
              {nodeName(nodes, t.host)}
              {t.title && `: ${t.title}`}
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
        <PacketsTab tab={packets} />
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
        {packets.shown && <PacketsPanel />}
        {terminals.map((t) => (
          <TerminalPane key={t.pid} pid={t.pid} active={shown === t.pid && !collapsed} exited={t.exited} />
        ))}
      </div>
    </section>
  );
}
