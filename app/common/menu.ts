/**
 * What the application menu offers, with the keys that run it: Electron's
 * menu (app/main/electron-menu.ts) builds its entries from this table and
 * the renderer's command table (app/renderer/services/commands.ts) takes the
 * same labels and keys, so a menu entry, its toolbar button's tooltip and
 * its shortcut say the same thing.
 */
import type { MenuCommand } from './api.js';

export interface KeyBinding {
  /** KeyboardEvent.key, compared without case ('s', '1', 'Delete'). */
  key: string;
  /** Ctrl on Linux/Windows, Cmd on macOS. */
  mod?: boolean;
  shift?: boolean;
}

export interface MenuEntry {
  label: string;
  /** The first one is shown (menu accelerator, tooltip); all of them run the command. */
  keys: readonly KeyBinding[];
}

export const MENU_ENTRIES = {
  new: { label: 'New', keys: [{ key: 'n', mod: true }] },
  open: { label: 'Open…', keys: [{ key: 'o', mod: true }] },
  save: { label: 'Save', keys: [{ key: 's', mod: true }] },
  'save-as': { label: 'Save as…', keys: [{ key: 's', mod: true, shift: true }] },
  'export-image': { label: 'Export PNG', keys: [{ key: 'e', mod: true, shift: true }] },
  undo: { label: 'Undo', keys: [{ key: 'z', mod: true }] },
  redo: {
    label: 'Redo',
    keys: [
      { key: 'z', mod: true, shift: true },
      { key: 'y', mod: true },
    ],
  },
  'zoom-to-fit': { label: 'Zoom to fit', keys: [{ key: '1', shift: true }] },
} as const satisfies Record<Exclude<MenuCommand, 'open-recent'>, MenuEntry>;

/** `binding` as people read it and Electron parses it; `mod` names the platform's modifier ('Ctrl', 'CmdOrCtrl'). */
export function keyText(binding: KeyBinding, mod: string): string {
  const key = binding.key.length === 1 ? binding.key.toUpperCase() : binding.key;
  return [binding.mod && mod, binding.shift && 'Shift', key].filter(Boolean).join('+');
}
