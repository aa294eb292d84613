/**
 * "Open recent" in the toolbar, as Electron's File > Open Recent: in web mode
 * the recent files are reachable from the drawing, not only from the start
 * screen. Closes on a choice, Escape, or a press outside it.
 */
import { useState } from 'react';
import { Icon } from '../icons/index.js';
import { openPath, refreshRecent } from '../services/files.js';
import { useStore } from '../store/index.js';
import { useDismiss } from './dismiss.js';
import { recentEntries } from './recent.js';

export function RecentMenu() {
  const recent = useStore((s) => s.recent);
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  const container = useDismiss(open, close);
  const toggle = () => {
    if (!open) void refreshRecent();
    setOpen(!open);
  };
  const choose = (path: string) => {
    close();
    void openPath(path);
  };
  return (
    <div className="menu" ref={container}>
      <button
        type="button"
        className="command"
        data-testid="btn-open-recent"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label="Open recent"
        title="Open a recent file"
        onClick={toggle}
      >
        <Icon name="recent" />
        <Icon name="chevronDown" size={12} />
      </button>
      {open && (
        <div className="menu-list" role="menu" data-testid="recent-menu">
          {recent.length === 0 && <div className="menu-empty">No recent files yet.</div>}
          {recentEntries(recent).map(({ path, label }, i) => (
            <button
              type="button"
              role="menuitem"
              key={path}
              data-testid={`recent-menu-${i}`}
              data-path={path}
              title={path}
              onClick={() => choose(path)}
            >
              {label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
