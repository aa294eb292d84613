/**
 * Every command with a key binding or a menu entry: the pure actions, the
 * file operations and what the context menus offer on the selection. One
 * table serves the keyboard, the menus and the toolbar, so a shortcut and
 * its button can never drift apart.
 */
import type { MenuCommand } from '../../common/api.js';
import { MENU_ENTRIES } from '../../common/menu.js';
import { matchesKey, type Action, type KeyBinding } from '../actions/action.js';
import { clearSelection, copy, deleteSelection, paste, selectAll } from '../actions/edit.js';
import { redo, undo } from '../actions/history.js';
import { lockSelection, selectionHasLock, unlockSelection } from '../actions/lab.js';
import { autoLayout } from '../actions/layout.js';
import { bringLinksUp, takeLinksDown } from '../actions/links.js';
import { STACK_KINDS } from '../../../common/topology/index.js';
import { canvasCommands } from '../canvas/commands.js';
import { getState } from '../store/index.js';
import type { State } from '../store/state.js';
import { exportImage } from './exportImage.js';
import { crashNode, healAll, partitionGroups, partitionSelection, restartNode } from './faults.js';
import { captureCommands } from './capture-commands.js';
import type { IconName } from '../icons/index.js';
import { startNetwork, stopNetwork } from './network.js';
import { newDocument, openDocument, saveDocument, saveDocumentAs } from './files.js';
import { addReachCheck, askForCheck, exportStudentCopy } from './lab.js';
import { canPlay, canStop, playDocumentScenario, stopDocumentScenario } from './scenario.js';
import { openTerminal } from './terminals.js';

export interface Command {
  name: string;
  label: string;
  /** The label in this state, where it names the selection ("Check: h1 reaches h2"). */
  labelNow?(state: State): string;
  keys?: readonly KeyBinding[];
  /** Its picture on a button (app/renderer/icons). */
  icon?: IconName;
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

/** The selected nodes when they are `count` hosts or routers and nothing else is selected. */
function stacks(state: State, count: number): string[] | undefined {
  const { selectedNodes, selectedLinks, topology } = state;
  const stack = (id: string) => topology.nodes.some((n) => n.id === id && STACK_KINDS.includes(n.kind));
  return selectedNodes.length === count && !selectedLinks.length && selectedNodes.every(stack)
    ? [...selectedNodes]
    : undefined;
}

/** The one selected node when it is a host or a router, and nothing else is selected. */
const soleStack = (state: State): string | undefined => stacks(state, 1)?.[0];

/** Runs `act` on the one selected host or router. */
const onSoleStack = (act: (node: string) => Promise<void>) => () => {
  const node = soleStack(getState());
  return node ? act(node) : undefined;
};

const crashed = (state: State, node: string | undefined) => !!node && state.faults.crashed.includes(node);

const authoring = (state: State) => state.labMode === 'author';
const nameOf = (state: State, id: string | undefined) => state.topology.nodes.find((n) => n.id === id)?.name ?? '…';

/** An Add-check entry asking about the one selected host or router. */
const askingCheck = (
  name: string,
  kind: Parameters<typeof askForCheck>[0],
  label: (node: string) => string,
): Command => ({
  name,
  label: label('…'),
  labelNow: (state) => label(nameOf(state, soleStack(state))),
  applies: (state) => authoring(state) && !!soleStack(state),
  run: onSoleStack((node) => askForCheck(kind, node)),
});

export const commands = {
  undo: { ...fromAction(undo), icon: 'undo' },
  redo: { ...fromAction(redo), icon: 'redo' },
  copy: fromAction(copy),
  paste: { ...fromAction(paste), applies: (state) => !!state.clipboard?.nodes.length },
  selectAll: fromAction(selectAll),
  clearSelection: fromAction(clearSelection),
  deleteSelection: fromAction(deleteSelection),
  autoLayout: { ...fromAction(autoLayout), icon: 'layout' },
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
  checkReaches: {
    name: 'checkReaches',
    label: 'Check: … reaches …',
    labelNow: (state) => {
      const [from, to] = stacks(state, 2) ?? [];
      return `Check: ${nameOf(state, from)} reaches ${nameOf(state, to)}`;
    },
    applies: (state) => authoring(state) && !!stacks(state, 2),
    run() {
      const [from, to] = stacks(getState(), 2) ?? [];
      if (from && to) addReachCheck(from, to);
    },
  },
  checkRoute: askingCheck('checkRoute', 'route', (node) => `Check: ${node} has a route to …`),
  checkListening: askingCheck('checkListening', 'listening', (node) => `Check: port … listening on ${node}`),
  checkProcess: askingCheck('checkProcess', 'process', (node) => `Check: … runs on ${node}`),
  lockSelection: {
    ...fromAction(lockSelection),
    applies: (state) => authoring(state) && selectionHasLock(state, false),
  },
  unlockSelection: {
    ...fromAction(unlockSelection),
    applies: (state) => authoring(state) && selectionHasLock(state, true),
  },
  exportStudentCopy: {
    name: 'exportStudentCopy',
    label: 'Export student copy…',
    applies: (state) => !!state.topology.lab,
    run: exportStudentCopy,
  },
  ...captureCommands,
  playScenario: { name: 'playScenario', label: 'Play', icon: 'start', applies: canPlay, run: playDocumentScenario },
  stopScenario: { name: 'stopScenario', label: 'Stop', icon: 'stop', applies: canStop, run: stopDocumentScenario },
  startNetwork: { name: 'startNetwork', label: 'Start', icon: 'start', run: startNetwork },
  stopNetwork: { name: 'stopNetwork', label: 'Stop', icon: 'stop', run: stopNetwork },
  properties: {
    name: 'properties',
    label: 'Properties',
    run: () =>
      document.querySelector<HTMLElement>('[data-testid="properties"] input, [data-testid="properties"]')?.focus(),
  },
  zoomToFit: { name: 'zoomToFit', ...MENU_ENTRIES['zoom-to-fit'], icon: 'fit', run: () => getState().requestFit(true) },
  new: { name: 'new', ...MENU_ENTRIES.new, icon: 'new', onStartScreen: true, run: newDocument },
  open: { name: 'open', ...MENU_ENTRIES.open, icon: 'open', onStartScreen: true, run: openDocument },
  save: { name: 'save', ...MENU_ENTRIES.save, icon: 'save', run: saveDocument },
  saveAs: { name: 'saveAs', ...MENU_ENTRIES['save-as'], icon: 'saveAs', run: saveDocumentAs },
  exportImage: { name: 'exportImage', ...MENU_ENTRIES['export-image'], icon: 'image', run: exportImage },
  ...canvasCommands,
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
  link: [
    'plot',
    'captureSideA',
    'captureSideB',
    'captureBothSides',
    'stopCapture',
    'takeLinksDown',
    'bringLinksUp',
    'lockSelection',
    'unlockSelection',
    'properties',
    'deleteSelection',
  ],
  node: [
    'openTerminal',
    'captureNodeLinks',
    'runCommand',
    'plot',
    'crashNode',
    'restartNode',
    'partition',
    'heal',
    'checkReaches',
    'checkRoute',
    'checkListening',
    'checkProcess',
    'lockSelection',
    'unlockSelection',
    'renameNode',
    'duplicate',
    'alignLeft',
    'alignTop',
    'distributeAcross',
    'distributeDown',
    'properties',
    'deleteSelection',
  ],
  canvas: [
    'addHostHere',
    'addRouterHere',
    'addSwitchHere',
    'addHubHere',
    'paste',
    'zoomToFit',
    'toggleInterfaces',
    'findNode',
  ],
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
