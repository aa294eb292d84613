import { describe, expect, it } from 'vitest';
import { initialState } from '../store/index.js';
import { withPatch } from '../store/state.js';
import { addNode, connect } from '../actions/create.js';
import { moveNodes } from '../actions/edit.js';
import { NODE_SIZE } from '../actions/layout.js';
import { toFlowEdges, toFlowNodes } from './flow.js';

describe('flow nodes and edges', () => {
  let s = initialState();
  s = withPatch(s, addNode.perform(s, { kind: 'host', position: { x: 0, y: 0 } }));
  s = withPatch(s, addNode.perform(s, { kind: 'router', position: { x: 100, y: 0 } }));
  s = withPatch(s, connect.perform(s, { a: 'h1', b: 'r1' }));

  it('maps kinds to node types and links to edges', () => {
    const [h1, r1] = toFlowNodes(s.topology.nodes, ['r1']);
    expect(h1).toMatchObject({ id: 'h1', type: 'host', data: { name: 'h1', kind: 'host' }, selected: false });
    expect(r1?.selected).toBe(true);
    expect(toFlowEdges(s.topology.links, [])).toMatchObject([
      { id: 'h1-r1', source: 'h1', target: 'r1', type: 'link' },
    ]);
  });

  it('gives each node its size and handles up front, so React Flow mounts only the nodes in view', () => {
    const [h1] = toFlowNodes(s.topology.nodes, []);
    expect(h1?.measured).toEqual(NODE_SIZE);
    expect(h1?.handles?.map((h) => h.id)).toEqual(['top', 'right', 'bottom', 'left']);
    // Each handle's centre on the middle of its side.
    const centres = h1?.handles?.map((h) => [h.x + h.width! / 2, h.y + h.height! / 2]);
    expect(centres).toEqual([
      [NODE_SIZE.width / 2, 1],
      [NODE_SIZE.width - 1, NODE_SIZE.height / 2],
      [NODE_SIZE.width / 2, NODE_SIZE.height - 1],
      [1, NODE_SIZE.height / 2],
    ]);
  });

  it('keeps the objects of unchanged nodes after a move', () => {
    const before = toFlowNodes(s.topology.nodes, []);
    const moved = withPatch(s, moveNodes.perform(s, new Map([['r1', { x: 300, y: 0 }]])));
    const after = toFlowNodes(moved.topology.nodes, []);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[1]?.position).toEqual({ x: 300, y: 0 });
  });

  it('makes a new object when only the selection changes', () => {
    const before = toFlowEdges(s.topology.links, []);
    expect(toFlowEdges(s.topology.links, [])[0]).toBe(before[0]);
    expect(toFlowEdges(s.topology.links, ['h1-r1'])[0]).not.toBe(before[0]);
  });
});
