import { describe, expect, it } from 'vitest';
import { readTopology } from '../../../common/topology/index.js';
import { initialState } from '../store/index.js';
import { autoLayout, layoutTopology, needsLayout, NODE_SIZE } from './layout.js';

const stacked = () =>
  readTopology({
    version: 1,
    nodes: ['a', 'b', 'lan'].map((id) => ({
      id,
      kind: id === 'lan' ? 'switch' : 'host',
      name: id,
      position: { x: 0, y: 0 },
    })),
    links: [
      { id: 'a-lan', a: { node: 'a' }, b: { node: 'lan' } },
      { id: 'b-lan', a: { node: 'b' }, b: { node: 'lan' } },
    ],
  });

describe('automatic layout', () => {
  it('spreads nodes so that none overlap, links going down a rank', () => {
    const { nodes } = layoutTopology(stacked());
    const [a, b, lan] = nodes.map((n) => n.position);
    expect(Math.abs(a!.x - b!.x)).toBeGreaterThanOrEqual(NODE_SIZE.width);
    expect(a!.y).toBe(b!.y);
    expect(lan!.y).toBeGreaterThan(a!.y + NODE_SIZE.height);
  });

  it('detects documents that need it', () => {
    expect(needsLayout(stacked())).toBe(true);
    expect(needsLayout(layoutTopology(stacked()))).toBe(false);
  });

  it('is one undo step and asks the canvas to fit', () => {
    const state = { ...initialState(), topology: stacked() };
    const patch = autoLayout.perform(state, undefined);
    expect(patch?.past).toHaveLength(1);
    expect(patch?.fitRequest).toEqual({ seq: 1, whole: false });
    expect(autoLayout.perform(initialState(), undefined)).toBeNull();
  });
});
