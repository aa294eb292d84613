import { describe, expect, it } from 'vitest';
import type { Topology } from '../../common/topology/index.js';
import { diffPlans } from '../plan/diff.js';
import { paramsOnlyChange } from '../plan/params-only.js';
import { planNetwork } from '../plan/plan.js';
import { mergePatch } from './patch.js';
import { sample } from '../test-samples.js';

describe('mergePatch', () => {
  it('takes the fast path for a one-link patch, with the plan and diff of applying the whole document', () => {
    const base = sample('campus-1000');
    const plan = planNetwork(base);
    const edited = structuredClone(base);
    const target = edited.links[700]!;
    target.params.lossPercent = 12;
    target.up = false;
    const merged = mergePatch(base, { revision: 1, links: [target] });
    expect(merged).toEqual(edited);
    // Untouched nodes and links stay the same objects: that is what lets the fast path skip them.
    expect(merged.links.filter((l, i) => l !== base.links[i]).map((l) => l.id)).toEqual([target.id]);
    expect(merged.nodes.every((n, i) => n === base.nodes[i])).toBe(true);
    const fast = paramsOnlyChange(base, plan, merged);
    const slow = planNetwork(edited, plan);
    expect(fast?.plan).toEqual(slow);
    expect(fast?.diff).toEqual(diffPlans(plan, slow));
  });

  it('adds new nodes and links at the end and removes a node with its links', () => {
    const base = sample('seed');
    const d = { id: 'd', kind: 'host' as const, name: 'd', position: { x: 0, y: 0 } };
    const dLink = { id: 'd-lan', a: { node: 'd' }, b: { node: 'lan' }, params: base.links[0]!.params };
    const added = mergePatch(base, { revision: 1, nodes: [d], links: [dLink] });
    expect(added.nodes.map((n) => n.id)).toEqual(['a', 'b', 'c', 'lan', 'd']);
    expect(added.links.map((l) => l.id)).toEqual(['a-lan', 'b-lan', 'c-lan', 'd-lan']);
    const removed = mergePatch(added, { revision: 2, removeNodes: ['a'], removeLinks: ['c-lan'] });
    expect(removed.nodes.map((n) => n.id)).toEqual(['b', 'c', 'lan', 'd']);
    expect(removed.links.map((l) => l.id)).toEqual(['b-lan', 'd-lan']);
  });

  it('finds elements by id in a document that earlier patches replaced, added to or removed from', () => {
    const base = sample('seed');
    const lossy = (l: Topology['links'][number], lossPercent: number) => ({
      ...l,
      params: { ...l.params, lossPercent },
    });
    const first = mergePatch(base, { revision: 1, links: [lossy(base.links[1]!, 5)] });
    const dLink = { id: 'd-lan', a: { node: 'd' }, b: { node: 'lan' }, params: base.links[0]!.params };
    const d = { id: 'd', kind: 'host' as const, name: 'd', position: { x: 0, y: 0 } };
    const second = mergePatch(first, { revision: 2, nodes: [d], links: [dLink, lossy(first.links[2]!, 6)] });
    const third = mergePatch(second, { revision: 3, removeLinks: ['a-lan'] });
    const fourth = mergePatch(third, { revision: 4, links: [lossy(dLink, 7), lossy(third.links[0]!, 8)] });
    expect(fourth.links.map((l) => [l.id, l.params.lossPercent])).toEqual([
      ['b-lan', 8],
      ['c-lan', 6],
      ['d-lan', 7],
    ]);
    expect(() => mergePatch(fourth, { revision: 5, removeLinks: ['a-lan'] })).toThrow('no link "a-lan"');
  });

  it('names every id it cannot resolve', () => {
    const base = sample('seed');
    expect(() => mergePatch(base, { revision: 1, removeLinks: ['x-lan'], removeNodes: ['x'] })).toThrow(
      'removeNodes: no node "x" in the running network; removeLinks: no link "x-lan" in the running network',
    );
    expect(() => mergePatch(base, { revision: 1, links: [base.links[0]!, base.links[0]!] })).toThrow(
      'links: "a-lan" named more than once',
    );
    expect(() => mergePatch(base, { revision: 1, links: [base.links[0]!], removeLinks: ['a-lan'] })).toThrow(
      'links: "a-lan" both given and removed',
    );
  });
});
