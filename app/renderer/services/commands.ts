/**
 * Every command with a key binding or a menu entry: the pure actions, the
 * file operations and what the context menus offer on the selection. One
 * table serves the keyboard, the menus and the toolbar, so a shortcut and
 * its button can never drift apart.
 */
import type { MenuCommand } from '../../common/api.js';
import { matchesKey, type Action, type KeyBinding } from '../actions/action.js';
import { clearSelection, copy, deleteSelection, paste, selectAll } from '../actions/edit.js';
import { redo, undo } from '../actions/history.js';
import { autoLayout } from '../actions/layout.js';
import { bringLinksUp, takeLinksDown } from '../actions/links.js';
import { STACK_KINDS } from '../../../common/topology/index.js';
import { getState } from '../store/index.js';
import type { State } from '../store/state.js';
import { exportImage } from './exportImage.js';
import { crashNode, healAll, partitionGroups, partitionSelection, restartNode } from './faults.js';
import { newDocument, openDocument, saveDocument, saveDocumentAs } from './files.js';
import { canPlay, canStop, playDocumentScenario, stopDocumentScenario } from './scenario.js';
import { openTerminal } from './terminals.js';

export interface Command {
  name: string;
  label: string;
  keys?: readonly KeyBinding[];
  /** Also runs while the start screen hides the drawing (it does not act on the drawing). */
  onStartScreen?: boolean;
  /** For context menus: whether it applies to the selection now (offered only then). */
  applies?(state: State): boolean;
  run(): void | Promise<void>;
}

const fromAction = (action: Action & Pick<Command, 'applies'>): Command => ({
  name: action.name,
  label: action.label,
  keys: action.keys,
  applies: action.applies,
  run: () => void getState().perform(action, undefined),
});

const running = (state: State) => state.networkState === 'running';

/** The one selected node when it is a host or a router, and nothing else is selected. */
function soleStack(state: State): string | undefined {
  const [id, ...rest] = state.selectedNodes;
  const node = state.topology.nodes.find((n) => n.id === id);
  return node && !rest.length && !state.selectedLinks.length && STACK_KINDS.includes(node.kind) ? id : undefined;
}

/** Runs `act` on the one selected host or router. */
const onSoleStack = (act: (node: string) => Promise<void>) => () => {
  const node = soleStack(getState());
  return node ? act(node) : undefined;
};

const crashed = (state: State, node: string | undefined) => !!node && state.faults.crashed.includes(node);

export const commands = {
  undo: fromAction(undo),
  redo: fromAction(redo),
  copy: fromAction(copy),
  paste: fromAction(paste),
  selectAll: fromAction(selectAll),
  clearSelection: fromAction(clearSelection),
  deleteSelection: fromAction(deleteSelection),
  autoLayout: fromAction(autoLayout),
  takeLinksDown: fromAction(takeLinksDown),
  bringLinksUp: fromAction(bringLinksUp),
  openTerminal: {
    name: 'openTerminal',
    label: 'Open terminal',
    applies: (state) => running(state) && !!soleStack(state),
    run: onSoleStack(openTerminal),
  },
  crashNode: {
    name: 'crashNode',
    label: 'Crash',
    applies: (state) => running(state) && !!soleStack(state) && !crashed(state, soleStack(state)),
    run: onSoleStack(crashNode),
  },
  restartNode: {
    name: 'restartNode',
    label: 'Restart',
    applies: (state) => running(state) && crashed(state, soleStack(state)),
    run: onSoleStack(restartNode),
  },
  partition: {
    name: 'partition',
    label: 'Partition from the rest',
    applies: (state) => running(state) && partitionGroups(state).every((group) => group.length > 0),
    run: partitionSelection,
  },
  heal: {
    name: 'heal',
    label: 'Heal all',
    applies: (state) => running(state) && state.faults.partitions.length > 0,
    run: healAll,
  },
  playScenario: { name: 'playScenario', label: 'Play', applies: canPlay, run: playDocumentScenario },
  stopScenario: { name: 'stopScenario', label: 'Stop', applies: canStop, run: stopDocumentScenario },
  properties: {
    name: 'properties',
    label: 'Properties',
    run: () =>
      document.querySelector<HTMLElement>('[data-testid="properties"] input, [data-testid="properties"]')?.focus(),
  },
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

/** What a right click offers, by what was clicked (it is selected first); each entry only when it applies. */
export const CONTEXT_MENUS = {
  link: ['takeLinksDown', 'bringLinksUp', 'properties', 'deleteSelection'],
  node: ['openTerminal', 'crashNode', 'restartNode', 'partition', 'heal', 'properties', 'deleteSelection'],
} as const satisfies Record<string, readonly CommandName[]>;

export function contextEntries(target: keyof typeof CONTEXT_MENUS, state: State): Command[] {
  return CONTEXT_MENUS[target].map((name): Command => commands[name]).filter((c) => c.applies?.(state) ?? true);
}

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
