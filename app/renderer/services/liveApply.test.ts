import { describe, expect, it } from 'vitest';
import { initialState } from '../store/index.js';
import { withPatch } from '../store/state.js';
import { addNode } from '../actions/create.js';
import { moveNodes } from '../actions/edit.js';
import { editProperties, renameNode } from '../actions/properties.js';
import { sameExceptPositions } from './liveApply.js';

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
