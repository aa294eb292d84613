/** Selection, deletion, clipboard and moving nodes. */
import type { TopologyLink, TopologyNode } from '../../../common/topology/index.js';
import { selectionPatch } from '../store/selection.js';
import { commitTopology, type Action } from './action.js';
import { freshLinkId, freshNodeId, takenNodeWords } from './ids.js';
import { freeOffset } from './arrange.js';
import type { Point } from './create.js';

export const clearSelection: Action = {
  name: 'clearSelection',
  label: 'Select none',
  keys: [{ key: 'Escape' }],
  perform: (state) => selectionPatch(state, [], []),
};

export const selectAll: Action = {
  name: 'selectAll',
  label: 'Select all',
  keys: [{ key: 'a', mod: true }],
  perform: ({ topology }) => ({
    selectedNodes: topology.nodes.map((n) => n.id),
    selectedLinks: topology.links.map((l) => l.id),
  }),
};

export const deleteSelection: Action = {
  name: 'deleteSelection',
  label: 'Delete',
  keys: [{ key: 'Delete' }, { key: 'Backspace' }],
  perform(state) {
    if (!state.selectedNodes.length && !state.selectedLinks.length) return null;
    const nodes = new Set(state.selectedNodes);
    const links = new Set(state.selectedLinks);
    const { topology } = state;
    const keepLink = (l: TopologyLink) => !links.has(l.id) && !nodes.has(l.a.node) && !nodes.has(l.b.node);
    return commitTopology(
      state,
      { ...topology, nodes: topology.nodes.filter((n) => !nodes.has(n.id)), links: topology.links.filter(keepLink) },
      { selectedNodes: [], selectedLinks: [] },
    );
  },
};

export const copy: Action = {
  name: 'copy',
  label: 'Copy',
  keys: [{ key: 'c', mod: true }],
  perform(state) {
    const nodes = new Set(state.selectedNodes);
    if (!nodes.size) return null;
    return {
      clipboard: {
        nodes: state.topology.nodes.filter((n) => nodes.has(n.id)),
        // Only links inside the copied group come along.
        links: state.topology.links.filter((l) => nodes.has(l.a.node) && nodes.has(l.b.node)),
      },
    };
  },
};

/** Step of the offset of pasted nodes (freeOffset: as many steps as keep them off what is drawn). */
export const PASTE_OFFSET = 40;

export const paste: Action = {
  name: 'paste',
  label: 'Paste',
  keys: [{ key: 'v', mod: true }],
  perform(state) {
    const { clipboard, topology } = state;
    if (!clipboard?.nodes.length) return null;
    const taken = takenNodeWords(topology);
    const renamed = new Map<string, string>();
    const offset = freeOffset(topology.nodes, clipboard.nodes, PASTE_OFFSET);
    const nodes: TopologyNode[] = clipboard.nodes.map((n) => {
      const id = freshNodeId(n.kind, taken);
      renamed.set(n.id, id);
      return { ...n, id, name: id, position: { x: n.position.x + offset, y: n.position.y + offset } };
    });
    const linkIds = new Set(topology.links.map((l) => l.id));
    const links: TopologyLink[] = clipboard.links.map((l) => {
      const a = renamed.get(l.a.node) ?? l.a.node;
      const b = renamed.get(l.b.node) ?? l.b.node;
      // Addresses are left automatic: copies of fixed ones would clash with the originals.
      return { ...l, id: freshLinkId(a, b, linkIds), a: { node: a }, b: { node: b } };
    });
    return commitTopology(
      state,
      { ...topology, nodes: [...topology.nodes, ...nodes], links: [...topology.links, ...links] },
      {
        selectedNodes: nodes.map((n) => n.id),
        selectedLinks: links.map((l) => l.id),
        // Pasting again offsets again.
        clipboard: { nodes, links },
      },
    );
  },
};

/** Marks the start of a drag: one undo step for the whole move. */
export const beginMove: Action = {
  name: 'beginMove',
  label: 'Move',
  perform: (state) => commitTopology(state, state.topology),
};

/** Positions during a drag; not an undo step of its own (beginMove made it). */
export const moveNodes: Action<ReadonlyMap<string, Point>> = {
  name: 'moveNodes',
  label: 'Move',
  perform(state, positions) {
    if (!positions.size) return null;
    const nodes = state.topology.nodes.map((n) => {
      const p = positions.get(n.id);
      return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
    });
    return { topology: { ...state.topology, nodes }, dirty: true };
  },
};
