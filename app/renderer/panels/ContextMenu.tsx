/**
 * The right-click menu on a node, a link or a selection: the commands of
 * services/commands.ts that apply to the selection now (the clicked item is
 * selected first). Closes on a choice, Escape, or a press outside it.
 */
import { contextEntries, type CONTEXT_MENUS } from '../services/commands.js';
import { useStore } from '../store/index.js';
import { useDismiss } from './dismiss.js';

export interface ContextMenuAt {
  target: keyof typeof CONTEXT_MENUS;
  /** Where it was asked for, in the page's coordinates. */
  x: number;
  y: number;
}

export function ContextMenu({ at, close }: { at: ContextMenuAt; close(): void }) {
  const container = useDismiss(true, close);
  // Read once per render: a menu shows the state it was opened in, and re-renders with it.
  const entries = useStore((s) =>
    contextEntries(at.target, s)
      .map((c) => c.name)
      .join(','),
  );
  const commands = contextEntries(at.target, useStore.getState());
  return (
    <div
      ref={container}
      className="menu-list context-menu"
      role="menu"
      data-testid={`context-menu-${at.target}`}
      data-entries={entries}
      style={{ left: at.x, top: at.y }}
    >
      {commands.map((command) => (
        <button
          type="button"
          role="menuitem"
          key={command.name}
          data-testid={`menu-${command.name}`}
          onClick={() => {
            close();
            void command.run();
          }}
        >
          {command.labelNow?.(useStore.getState()) ?? command.label}
        </button>
      ))}
    </div>
  );
}
