/**
 * Every command with a key binding or a menu entry: the pure actions plus
 * the file operations. One table serves the keyboard, the menu and the
 * toolbar, so a shortcut and its button can never drift apart.
 */
import type { MenuCommand } from '../../common/api.js';
import { matchesKey, type Action, type KeyBinding } from '../actions/action.js';
import { clearSelection, copy, deleteSelection, paste, selectAll } from '../actions/edit.js';
import { redo, undo } from '../actions/history.js';
import { autoLayout } from '../actions/layout.js';
import { getState } from '../store/index.js';
import type { State } from '../store/state.js';
import { exportImage } from './exportImage.js';
import { newDocument, openDocument, saveDocument, saveDocumentAs } from './files.js';

export interface Command {
  name: string;
  label: string;
  keys?: readonly KeyBinding[];
  /** Also runs while the start screen hides the drawing (it does not act on the drawing). */
  onStartScreen?: boolean;
  run(): void | Promise<void>;
}

const fromAction = (action: Action): Command => ({
  name: action.name,
  label: action.label,
  keys: action.keys,
  run: () => void getState().perform(action, undefined),
});

export const commands = {
  undo: fromAction(undo),
  redo: fromAction(redo),
  copy: fromAction(copy),
  paste: fromAction(paste),
  selectAll: fromAction(selectAll),
  clearSelection: fromAction(clearSelection),
  deleteSelection: fromAction(deleteSelection),
  autoLayout: fromAction(autoLayout),
  zoomToFit: {
    name: 'zoomToFit',
    label: 'Zoom to fit',
    keys: [{ key: '1', shift: true }],
    run: () => getState().requestFit(true),
  },
  new: { name: 'new', label: 'New', keys: [{ key: 'n', mod: true }], onStartScreen: true, run: newDocument },
  open: { name: 'open', label: 'Open…', keys: [{ key: 'o', mod: true }], onStartScreen: true, run: openDocument },
  save: { name: 'save', label: 'Save', keys: [{ key: 's', mod: true }], run: saveDocument },
  saveAs: { name: 'saveAs', label: 'Save as…', keys: [{ key: 's', mod: true, shift: true }], run: saveDocumentAs },
  exportImage: {
    name: 'exportImage',
    label: 'Export image',
    keys: [{ key: 'e', mod: true, shift: true }],
    run: exportImage,
  },
} satisfies Record<string, Command>;

export type CommandName = keyof typeof commands;

/** Menu commands that map to a command here ('open-recent' carries a path: see App). */
export const MENU_COMMANDS: Record<Exclude<MenuCommand, 'open-recent'>, CommandName> = {
  new: 'new',
  open: 'open',
  save: 'save',
  'save-as': 'saveAs',
  'export-image': 'exportImage',
  undo: 'undo',
  redo: 'redo',
  'zoom-to-fit': 'zoomToFit',
};

/** Whether a command may run now: while the start screen is shown, only those that leave the hidden drawing alone. */
export const available = (command: Command, state: Pick<State, 'documentOpen'>): boolean =>
  state.documentOpen || !!command.onStartScreen;

/** The command a key press runs in this state, if any. */
export function commandForKey(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey'>,
  state: Pick<State, 'documentOpen'>,
): Command | undefined {
  const command = Object.values(commands).find((c: Command) => c.keys?.some((binding) => matchesKey(binding, event)));
  return command && available(command, state) ? command : undefined;
}
