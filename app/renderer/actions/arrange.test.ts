import { describe, expect, it } from 'vitest';
import type { TopologyNode } from '../../../common/topology/index.js';
import { initialState } from '../store/index.js';
import { withPatch, type State } from '../store/state.js';
import { aligned, alignLeft, distributeAcross, distributed, freeOffset } from './arrange.js';
import { NODE_SIZE } from './layout.js';

const node = (id: string, x: number, y: number): TopologyNode => ({ id, kind: 'host', name: id, position: { x, y } });

function state(nodes: TopologyNode[], selected: string[]): State {
  const s = initialState();
  return { ...s, topology: { ...s.topology, nodes }, selectedNodes: selected };
}

describe('align and distribute', () => {
  it('aligns left or top edges on the smallest', () => {
    const nodes = [node('a', 30, 5), node('b', 10, 50), node('c', 20, 90)];
    expect([...aligned(nodes, 'x').values()]).toEqual([
      { x: 10, y: 5 },
      { x: 10, y: 50 },
      { x: 10, y: 90 },
    ]);
    expect(aligned(nodes, 'y').get('c')).toEqual({ x: 20, y: 5 });
  });

  it('spreads nodes evenly between the outermost, keeping their order', () => {
    const spread = distributed([node('a', 0, 0), node('b', 290, 7), node('c', 100, 3), node('d', 300, 0)], 'x');
    expect(spread.get('a')?.x).toBe(0);
    expect(spread.get('c')?.x).toBe(100);
    expect(spread.get('b')?.x).toBe(200);
    expect(spread.get('d')?.x).toBe(300);
    expect(spread.get('b')?.y).toBe(7);
  });

  it('applies to the selection as one undo step, and only to enough nodes', () => {
    const s = state([node('a', 30, 0), node('b', 10, 100), node('c', 500, 0)], ['a', 'b']);
    const after = withPatch(s, alignLeft.perform(s, undefined));
    expect(after.topology.nodes.map((n) => n.position.x)).toEqual([10, 10, 500]);
    expect(after.past).toHaveLength(1);
    expect(alignLeft.perform(after, undefined)).toBeNull(); // already aligned
    expect(distributeAcross.applies(s)).toBe(false);
    expect(alignLeft.applies({ ...s, selectedNodes: ['a'] })).toBe(false);
  });
});

describe('freeOffset', () => {
  it('moves pasted nodes as many steps as keep them off every drawn node', () => {
    expect(freeOffset([node('a', 0, 0)], [node('a', 0, 0)], 40)).toBe(80);
    expect(freeOffset([node('far', 1000, 1000)], [node('a', 0, 0)], 40)).toBe(40);
    const row = [0, 1, 2, 3].map((i) => node(`n${i}`, i * 40, i * 40));
    const offset = freeOffset(row, [node('n0', 0, 0)], 40);
    for (const n of row) {
      const clear =
        Math.abs(offset - n.position.x) >= NODE_SIZE.width || Math.abs(offset - n.position.y) >= NODE_SIZE.height;
      expect(clear).toBe(true);
    }
  });
});
