import { describe, expect, it } from 'vitest';
import { readTopology } from '../../../common/topology/index.js';
import { campus } from '../../../tools/samples/campus.js';
import { inRegion, needsNewRegion, regionAround } from './region.js';

const doc = readTopology(campus());
const view = { x: 0, y: 0, width: 1000, height: 600 };

describe('the region React Flow holds', () => {
  it('is the view and one view around it, chosen again only when the view leaves it or is far smaller', () => {
    const region = regionAround(view);
    expect(region).toEqual({ x: -1000, y: -600, width: 3000, height: 1800 });
    expect(needsNewRegion(region, { ...view, x: 900 })).toBe(false);
    expect(needsNewRegion(region, { ...view, x: 1100 })).toBe(true);
    expect(needsNewRegion(region, { x: 0, y: 0, width: 200, height: 100 })).toBe(true);
    expect(needsNewRegion(undefined, view)).toBe(true);
  });

  it('holds the nodes in it, and the far end of a link that leaves it', () => {
    const { nodes, links } = inRegion({ x: 0, y: 100, width: 500, height: 200 }, doc.nodes, doc.links);
    const ids = nodes.map((n) => n.id);
    expect(ids).toContain('h1');
    expect(ids).toContain('sw1');
    expect(ids).not.toContain('h60');
    expect(links.every((l) => ids.includes(l.a.node) && ids.includes(l.b.node))).toBe(true);
    expect(links.map((l) => l.id)).toContain('h1-sw1');
  });
});
