import { describe, expect, it } from 'vitest';
import { checkTopology } from '../../../common/topology/index.js';
import { initialState } from '../store/index.js';
import { withPatch, type State } from '../store/state.js';
import { addNode, connect } from './create.js';
import { beginMove, clearSelection, copy, deleteSelection, moveNodes, paste, PASTE_OFFSET, selectAll } from './edit.js';

/** h1 — sw1 — h2, nothing selected. */
function network(): State {
  let s = initialState();
  s = withPatch(s, addNode.perform(s, { kind: 'host', position: { x: 0, y: 0 } }));
  s = withPatch(s, addNode.perform(s, { kind: 'switch', position: { x: 100, y: 0 } }));
  s = withPatch(s, addNode.perform(s, { kind: 'host', position: { x: 200, y: 0 } }));
  s = withPatch(s, connect.perform(s, { a: 'h1', b: 'sw1' }));
  s = withPatch(s, connect.perform(s, { a: 'h2', b: 'sw1' }));
  return { ...s, selectedNodes: [], selectedLinks: [], past: [] };
}

describe('select and selectAll', () => {
  it('selects everything', () => {
    expect(selectAll.perform(network())).toEqual({
      selectedNodes: ['h1', 'sw1', 'h2'],
      selectedLinks: ['h1-sw1', 'h2-sw1'],
    });
  });

  it('clears the selection', () => {
    expect(clearSelection.perform({ ...network(), selectedNodes: ['h1'] }, undefined)).toEqual({
      selectedNodes: [],
      selectedLinks: [],
    });
    expect(clearSelection.perform(network(), undefined)).toBeNull();
  });
});

describe('deleteSelection', () => {
  it('removes selected nodes with their links, as one undo step', () => {
    const s = withPatch(network(), deleteSelection.perform({ ...network(), selectedNodes: ['sw1'] }, undefined));
    expect(s.topology.nodes.map((n) => n.id)).toEqual(['h1', 'h2']);
    expect(s.topology.links).toEqual([]);
    expect(s.past).toHaveLength(1);
  });

  it('removes a selected link only', () => {
    const s = withPatch(network(), deleteSelection.perform({ ...network(), selectedLinks: ['h1-sw1'] }, undefined));
    expect(s.topology.nodes).toHaveLength(3);
    expect(s.topology.links.map((l) => l.id)).toEqual(['h2-sw1']);
  });

  it('does nothing without a selection', () => {
    expect(deleteSelection.perform(network(), undefined)).toBeNull();
  });
});

describe('copy and paste', () => {
  it('pastes copies with fresh ids, offset, with the links among them and no fixed addresses', () => {
    let s = network();
    s.topology.links[0]!.a.address = '10.0.1.1/24';
    s = withPatch(s, copy.perform({ ...s, selectedNodes: ['h1', 'sw1'] }, undefined));
    s = withPatch(s, paste.perform(s, undefined));
    expect(s.topology.nodes.map((n) => n.id)).toEqual(['h1', 'sw1', 'h2', 'h3', 'sw2']);
    // One step would put the copy of h1 on sw1 (100 px right of h1): two steps clear every node.
    expect(s.topology.nodes[3]?.position).toEqual({ x: 2 * PASTE_OFFSET, y: 2 * PASTE_OFFSET });
    expect(s.topology.links[2]).toMatchObject({ id: 'h3-sw2', a: { node: 'h3' }, b: { node: 'sw2' } });
    expect(s.topology.links[2]?.a.address).toBeUndefined();
    expect(s.selectedNodes).toEqual(['h3', 'sw2']);
    expect(checkTopology(s.topology)).toEqual([]);

    s = withPatch(s, paste.perform(s, undefined));
    expect(s.topology.nodes[5]).toMatchObject({ id: 'h4', position: { x: 4 * PASTE_OFFSET, y: 4 * PASTE_OFFSET } });
    expect(checkTopology(s.topology)).toEqual([]);
  });

  it('copies nothing without selected nodes and pastes nothing from an empty clipboard', () => {
    expect(copy.perform(network(), undefined)).toBeNull();
    expect(paste.perform(network(), undefined)).toBeNull();
  });
});

describe('moving', () => {
  it('moves nodes under one undo step taken at the start of the drag', () => {
    let s = withPatch(network(), beginMove.perform(network(), undefined));
    s = withPatch(s, moveNodes.perform(s, new Map([['h1', { x: 5.2, y: 7.7 }]])));
    s = withPatch(s, moveNodes.perform(s, new Map([['h1', { x: 50, y: 70 }]])));
    expect(s.topology.nodes[0]?.position).toEqual({ x: 50, y: 70 });
    expect(s.past).toHaveLength(1);
    expect(s.past[0]?.nodes[0]?.position).toEqual({ x: 0, y: 0 });
  });
});
