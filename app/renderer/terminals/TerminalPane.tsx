/** One xterm.js terminal bound to a process: output in, keystrokes and size out. */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import { attachTerminal, resizeProcess, writeToProcess } from '../services/terminals.js';

export function TerminalPane({ pid, active, exited }: { pid: number; active: boolean; exited: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const fitRef = useRef<FitAddon>(undefined);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const terminal = new Terminal({
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace',
      fontSize: 13,
      cursorBlink: true,
      scrollback: 5000,
      theme: { background: '#0f172a', foreground: '#e2e8f0' },
    });
    const fit = new FitAddon();
    fitRef.current = fit;
    terminal.loadAddon(fit);
    terminal.open(element);
    const detach = attachTerminal(pid, (bytes) => terminal.write(bytes));
    const input = terminal.onData((text) => void writeToProcess(pid, text));
    const resize = terminal.onResize(({ cols, rows }) => void resizeProcess(pid, cols, rows));
    const observer = new ResizeObserver(() => {
      if (element.offsetParent !== null) fit.fit();
    });
    observer.observe(element);
    fit.fit();
    return () => {
      observer.disconnect();
      input.dispose();
      resize.dispose();
      detach();
      terminal.dispose();
    };
  }, [pid]);

  useEffect(() => {
    if (active) fitRef.current?.fit();
  }, [active]);

  return (
    <div
      ref={host}
      className="terminal-pane"
      data-testid={`terminal-${pid}`}
      data-exited={exited}
      style={{ display: active ? 'block' : 'none' }}
    />
  );
}
