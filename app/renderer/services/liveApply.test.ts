import { describe, expect, it } from 'vitest';
import { initialState } from '../store/index.js';
import { withPatch, type Patch } from '../store/state.js';
import { addNode, connect } from '../actions/create.js';
import { twoHostsOnSwitch } from '../../../common/topology/fixture.js';
import { deleteSelection, moveNodes } from '../actions/edit.js';
import { editLink, editProperties, renameNode } from '../actions/properties.js';
import { liveChange, sameExceptPositions } from './liveApply.js';

describe('sameExceptPositions', () => {
  let s = initialState();
  s = withPatch(s, addNode.perform(s, { kind: 'host', position: { x: 0, y: 0 } }));

  it('ignores moves', () => {
    const moved = withPatch(s, moveNodes.perform(s, new Map([['h1', { x: 9, y: 9 }]])));
    expect(sameExceptPositions(s.topology, moved.topology)).toBe(true);
  });

  it('notices additions and renames', () => {
    const added = withPatch(s, addNode.perform(s, { kind: 'host', position: { x: 0, y: 0 } }));
    expect(sameExceptPositions(s.topology, added.topology)).toBe(false);
    const renamed = renameNode(s.topology, 'h1', 'web');
    expect(renamed.ok).toBe(true);
    if (renamed.ok) {
      const edit = (t: typeof s.topology) => renameNode(t, 'h1', 'web');
      const edited = withPatch(s, editProperties.perform(s, { edit, checked: renamed }));
      expect(sameExceptPositions(s.topology, edited.topology)).toBe(false);
    }
  });
});

describe('liveChange', () => {
  const doc = twoHostsOnSwitch();
  const state = { ...initialState(), topology: doc };
  const after = (patch: Patch | null) => withPatch(state, patch).topology;

  it('sends nothing for a drag', () => {
    expect(liveChange(doc, after(moveNodes.perform(state, new Map([['a', { x: 5, y: 5 }]]))))).toEqual({
      kind: 'none',
    });
  });

  it('sends only the link whose parameters changed', () => {
    const edit = editLink(doc, 'b-lan', 'delay', '20');
    if (!edit.ok) throw new Error('edit refused');
    const change = liveChange(doc, edit.topology);
    expect(change).toEqual({ kind: 'patch', patch: { links: [edit.topology.links[1]] } });
  });

  it('sends a renamed node, with a move made at the same time', () => {
    const moved = after(moveNodes.perform(state, new Map([['a', { x: 5, y: 5 }]])));
    const renamed = renameNode(moved, 'a', 'web');
    if (!renamed.ok) throw new Error('rename refused');
    expect(liveChange(doc, renamed.topology)).toEqual({ kind: 'patch', patch: { nodes: [renamed.topology.nodes[0]] } });
  });

  it('removes a deleted node without naming its links, which go with it', () => {
    const deleted = after(deleteSelection.perform({ ...state, selectedNodes: ['a'] }, undefined));
    expect(liveChange(doc, deleted)).toEqual({ kind: 'patch', patch: { removeNodes: ['a'] } });
  });

  it('removes a deleted link and adds new nodes and links', () => {
    const unlinked = withPatch(state, deleteSelection.perform({ ...state, selectedLinks: ['b-lan'] }, undefined));
    const added = withPatch(unlinked, addNode.perform(unlinked, { kind: 'host', position: { x: 0, y: 0 } }));
    const linked = withPatch(added, connect.perform(added, { a: 'h1', b: 'lan' }));
    expect(liveChange(doc, linked.topology)).toEqual({
      kind: 'patch',
      patch: { nodes: [linked.topology.nodes[3]], links: [linked.topology.links[1]], removeLinks: ['b-lan'] },
    });
  });

  it('sends the whole document when what changed is outside nodes and links', () => {
    expect(liveChange(doc, { ...doc, routing: 'none' })).toEqual({ kind: 'apply' });
  });
});
