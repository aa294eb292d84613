/**
 * The dock's Packets tab: offered once this view has captured, brought to the
 * front (and the dock opened) by each new capture, left for each new terminal.
 */
import { useState } from 'react';
import { runningCaptures } from '../../store/capture.js';
import { useStore } from '../../store/index.js';

export interface PacketsTabState {
  offered: boolean;
  shown: boolean;
  show(shown: boolean): void;
}

export function usePacketsTab(terminals: number, openDock: () => void): PacketsTabState {
  const captures = useStore((s) => s.captures.length);
  const [shown, setShown] = useState(false);
  const [seen, setSeen] = useState({ captures, terminals });
  if (captures !== seen.captures || terminals !== seen.terminals) {
    setSeen({ captures, terminals });
    if (captures > seen.captures) {
      setShown(true);
      openDock();
    } else if (terminals > seen.terminals) setShown(false);
  }
  const show = (wanted: boolean) => {
    setShown(wanted);
    if (wanted) openDock();
  };
  return { offered: captures > 0, shown: shown && captures > 0, show };
}

export function PacketsTab({ tab }: { tab: PacketsTabState }) {
  const capturing = useStore((s) => runningCaptures(s.captures).length > 0);
  if (!tab.offered) return null;
  return (
    <button
      type="button"
      role="tab"
      aria-selected={tab.shown}
      className="tab"
      data-testid="packets-tab"
      onClick={() => tab.show(true)}
    >
      Packets{capturing && <span className="capture-dot" aria-label="capturing" />}
    </button>
  );
}
