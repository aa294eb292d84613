/**
 * The canvas's entries of the one command table (services/commands.ts
 * spreads them in): what the canvas shows, finding a node, arranging the
 * selection, and what the node, link and empty-canvas menus offer.
 */
import { STACK_KINDS, type NodeKind } from '../../../common/topology/index.js';
import type { Action } from '../actions/action.js';
import { alignLeft, alignTop, distributeAcross, distributeDown } from '../actions/arrange.js';
import { addNode, type Point } from '../actions/create.js';
import { copy, paste } from '../actions/edit.js';
import { NODE_SIZE } from '../actions/layout.js';
import { editProperties, renameNode } from '../actions/properties.js';
import { askFor } from '../services/prompt.js';
import { runCommand } from '../services/terminals.js';
import { getState } from '../store/index.js';
import { plotKey, type State } from '../store/state.js';
import type { Command } from '../services/commands.js';

const running = (state: State) => state.networkState === 'running';

/** The one selected node (nothing else selected). */
const soleNode = (state: State) =>
  state.selectedNodes.length === 1 && !state.selectedLinks.length
    ? state.topology.nodes.find((n) => n.id === state.selectedNodes[0])
    : undefined;
const isStack = (node: { kind: NodeKind } | undefined) => !!node && STACK_KINDS.includes(node.kind);
const soleLink = (state: State) =>
  state.selectedLinks.length === 1 && !state.selectedNodes.length ? state.selectedLinks[0] : undefined;

const arranging = (action: Action & { applies(state: State): boolean }): Command => ({
  name: action.name,
  label: action.label,
  applies: action.applies,
  run: () => void getState().perform(action, undefined),
});

/** Where the empty canvas's menu was opened, in the drawing's coordinates (set by the canvas). */
let menuPoint: Point = { x: 0, y: 0 };
export const setMenuPoint = (point: Point) => {
  menuPoint = point;
};

/** Adds a node of `kind` centred where the canvas menu was opened. */
const addingHere = (kind: NodeKind): Command => ({
  name: `add${kind.charAt(0).toUpperCase()}${kind.slice(1)}Here`,
  label: `Add ${kind} here`,
  run: () =>
    void getState().perform(addNode, {
      kind,
      position: { x: menuPoint.x - NODE_SIZE.width / 2, y: menuPoint.y - NODE_SIZE.height / 2 },
    }),
});

/** Finds a node by name (exactly, else the first whose name contains it), selects it and zooms to it. */
export function findNode(state: State, text: string): string | undefined {
  const wanted = text.trim().toLowerCase();
  if (!wanted) return undefined;
  const nodes = state.topology.nodes;
  return (
    nodes.find((n) => n.name.toLowerCase() === wanted) ?? nodes.find((n) => n.name.toLowerCase().includes(wanted))
  )?.id;
}

async function askAndFind(): Promise<void> {
  const text = await askFor('text', 'Find a node by name');
  if (text === null) return;
  const state = getState();
  const id = findNode(state, text);
  if (!id) return state.reportError(`No node is named like "${text.trim()}".`);
  state.select([id], []);
  state.requestFit(false, id);
}

async function askAndRename(): Promise<void> {
  const node = soleNode(getState());
  if (!node) return;
  const name = await askFor('text', `Rename ${node.name}`, node.name);
  if (name === null) return;
  const result = renameNode(getState().topology, node.id, name);
  if (!result.ok) return getState().reportError(`Cannot rename ${node.name}: ${result.error}`);
  getState().perform(editProperties, { edit: (t) => renameNode(t, node.id, name), checked: result });
}

export const canvasCommands = {
  toggleInterfaces: {
    name: 'toggleInterfaces',
    label: 'Show interfaces and addresses',
    labelNow: (state) => (state.showInterfaces ? 'Hide interfaces and addresses' : 'Show interfaces and addresses'),
    keys: [{ key: 'i', mod: true }],
    run: () => getState().toggleInterfaces(),
  },
  findNode: { name: 'findNode', label: 'Find node…', keys: [{ key: 'f', mod: true }], run: askAndFind },
  alignLeft: arranging(alignLeft),
  alignTop: arranging(alignTop),
  distributeAcross: arranging(distributeAcross),
  distributeDown: arranging(distributeDown),
  renameNode: { name: 'renameNode', label: 'Rename…', applies: (state) => !!soleNode(state), run: askAndRename },
  duplicate: {
    name: 'duplicate',
    label: 'Duplicate',
    keys: [{ key: 'd', mod: true }],
    applies: (state) => state.selectedNodes.length > 0,
    run() {
      const { perform } = getState();
      if (perform(copy, undefined)) perform(paste, undefined);
    },
  },
  runCommand: {
    name: 'runCommand',
    label: 'Run command…',
    applies: (state) => running(state) && isStack(soleNode(state)),
    run() {
      const node = soleNode(getState());
      return node ? runCommand(node.id) : undefined;
    },
  },
  plot: {
    name: 'plot',
    label: 'Plot',
    applies: (state) => isStack(soleNode(state)) || !!soleLink(state),
    run() {
      const state = getState();
      const node = soleNode(state);
      const link = soleLink(state);
      const key = node ? plotKey('host', node.id) : link ? plotKey('link', link) : undefined;
      if (key && !state.plotted.includes(key)) state.togglePlot(key);
    },
  },
  addHostHere: addingHere('host'),
  addRouterHere: addingHere('router'),
  addSwitchHere: addingHere('switch'),
  addHubHere: addingHere('hub'),
} satisfies Record<string, Command>;
