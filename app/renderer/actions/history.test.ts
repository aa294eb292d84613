import { describe, expect, it } from 'vitest';
import { initialState } from '../store/index.js';
import { withPatch } from '../store/state.js';
import { addNode } from './create.js';
import { redo, undo } from './history.js';

describe('undo and redo', () => {
  it('walks back and forth through document snapshots', () => {
    let s = initialState();
    s = withPatch(s, addNode.perform(s, { kind: 'host', position: { x: 0, y: 0 } }));
    s = withPatch(s, addNode.perform(s, { kind: 'hub', position: { x: 0, y: 0 } }));
    s = withPatch(s, undo.perform(s, undefined));
    expect(s.topology.nodes.map((n) => n.id)).toEqual(['h1']);
    s = withPatch(s, undo.perform(s, undefined));
    expect(s.topology.nodes).toEqual([]);
    expect(undo.perform(s, undefined)).toBeNull();
    s = withPatch(s, redo.perform(s, undefined));
    s = withPatch(s, redo.perform(s, undefined));
    expect(s.topology.nodes.map((n) => n.id)).toEqual(['h1', 'hub1']);
    expect(redo.perform(s, undefined)).toBeNull();
  });

  it('forgets the redo branch after a new edit', () => {
    let s = initialState();
    s = withPatch(s, addNode.perform(s, { kind: 'host', position: { x: 0, y: 0 } }));
    s = withPatch(s, undo.perform(s, undefined));
    s = withPatch(s, addNode.perform(s, { kind: 'router', position: { x: 0, y: 0 } }));
    expect(s.future).toEqual([]);
    expect(s.topology.nodes.map((n) => n.id)).toEqual(['r1']);
  });
});
