/**
 * The context menu's capture entries on a link (services/commands.ts lists
 * them): capture at one end or both, where that end is a host or router (a
 * switch or hub has no interface to capture), and stop; on a host or router,
 * capture each of its links at its end.
 */
import { STACK_KINDS, type TopologyLink } from '../../../common/topology/index.js';
import { runningCaptures } from '../store/capture.js';
import { getState } from '../store/index.js';
import type { State } from '../store/state.js';
import { captureLink, stopCaptures, type CaptureSide } from './capture.js';
import type { Command } from './commands.js';

/** The one selected link of the running network, when nothing else is selected. */
function soleLink(state: State): TopologyLink | undefined {
  const { selectedLinks, selectedNodes, topology, networkState } = state;
  if (networkState !== 'running' || selectedLinks.length !== 1 || selectedNodes.length) return undefined;
  return topology.links.find((l) => l.id === selectedLinks[0]);
}

const nodeAt = (state: State, link: TopologyLink, side: 'a' | 'b') =>
  state.topology.nodes.find((n) => n.id === link[side].node);

const capturable = (state: State, link: TopologyLink, side: 'a' | 'b') =>
  STACK_KINDS.includes(nodeAt(state, link, side)?.kind ?? 'switch');

const sidesOf = (side: CaptureSide) => (side === 'both' ? (['a', 'b'] as const) : [side]);

function captureCommand(name: string, side: CaptureSide, label: (state: State, link: TopologyLink) => string): Command {
  return {
    name,
    label: side === 'both' ? 'Capture both sides' : `Capture side ${side}`,
    labelNow: (state) => {
      const link = soleLink(state);
      return link ? label(state, link) : name;
    },
    applies: (state) => {
      const link = soleLink(state);
      return !!link && sidesOf(side).every((s) => capturable(state, link, s));
    },
    run: () => {
      const link = soleLink(getState());
      return link ? captureLink(link.id, side) : undefined;
    },
  };
}

/** The links of the one selected host or router of the running network, each with that node's end. */
function soleStackLinks(state: State): { link: string; side: 'a' | 'b' }[] {
  const { selectedLinks, selectedNodes, topology, networkState } = state;
  const [id] = selectedNodes;
  const stack = topology.nodes.some((n) => n.id === id && STACK_KINDS.includes(n.kind));
  if (networkState !== 'running' || selectedNodes.length !== 1 || selectedLinks.length || !stack) return [];
  return topology.links
    .filter((l) => l.a.node === id || l.b.node === id)
    .map((l) => ({ link: l.id, side: l.a.node === id ? 'a' : 'b' }));
}

const nameAt = (state: State, link: TopologyLink, side: 'a' | 'b') =>
  nodeAt(state, link, side)?.name ?? link[side].node;

export const captureCommands = {
  captureSideA: captureCommand('captureSideA', 'a', (s, l) => `Capture at ${nameAt(s, l, 'a')} (side a)`),
  captureSideB: captureCommand('captureSideB', 'b', (s, l) => `Capture at ${nameAt(s, l, 'b')} (side b)`),
  captureBothSides: captureCommand('captureBothSides', 'both', () => 'Capture both sides'),
  captureNodeLinks: {
    name: 'captureNodeLinks',
    label: 'Capture its links',
    labelNow: (state: State) => `Capture its links (${soleStackLinks(state).length})`,
    applies: (state: State) => soleStackLinks(state).length > 0,
    run: async () => {
      for (const { link, side } of soleStackLinks(getState())) await captureLink(link, side);
    },
  },
  stopCapture: {
    name: 'stopCapture',
    label: 'Stop capture',
    applies: (state: State) => {
      const link = soleLink(state);
      return !!link && runningCaptures(state.captures).some((c) => c.interfaces.some((i) => i.link === link.id));
    },
    run: () => stopCaptures(getState().selectedLinks[0]),
  },
} satisfies Record<string, Command>;
