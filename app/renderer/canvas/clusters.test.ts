import { describe, expect, it } from 'vitest';
import { readTopology } from '../../../common/topology/index.js';
import { campus } from '../../../tools/samples/campus.js';
import { clustered, expandClusters } from './clusters.js';
import { toCanvas } from './flow.js';

const doc = readTopology(campus());
const node = (id: string, kind: 'host' | 'switch') => ({ id, kind, name: id, position: { x: 0, y: 0 } });
const everywhere = { x: -1e6, y: -1e6, width: 2e6, height: 2e6 };

describe('low-zoom clusters', () => {
  it('gather each access switch with its hosts, and leave the switches and their links standing', () => {
    const { clusters, nodes, links } = clustered(doc);
    expect(clusters).toHaveLength(20);
    expect(clusters.every((c) => c.members.length === 50)).toBe(true);
    expect(nodes.map((n) => n.kind)).toEqual(Array(21).fill('switch'));
    expect(links.map((l) => l.id)).toEqual(doc.links.filter((l) => l.a.node === 'core').map((l) => l.id));
  });

  it('cover where their hosts are drawn', () => {
    const sw1 = clustered(doc).clusters.find((c) => c.segment === 'sw1');
    const hosts = doc.nodes.filter((n) => sw1?.members.includes(n.id));
    expect(Math.min(...hosts.map((h) => h.position.x))).toBe(sw1?.position.x);
    expect(Math.max(...hosts.map((h) => h.position.y))).toBeLessThan((sw1?.position.y ?? 0) + (sw1?.size.height ?? 0));
  });

  it('leave out a host with a second link, or alone on its switch', () => {
    const routed = readTopology({
      version: 1,
      nodes: [
        node('s1', 'switch'),
        node('a', 'host'),
        node('b', 'host'),
        node('c', 'host'),
        node('s2', 'switch'),
        node('d', 'host'),
      ],
      links: [
        { id: 'a-s1', a: { node: 'a' }, b: { node: 's1' } },
        { id: 'b-s1', a: { node: 'b' }, b: { node: 's1' } },
        { id: 'c-s1', a: { node: 'c' }, b: { node: 's1' } },
        { id: 'c-s2', a: { node: 'c' }, b: { node: 's2' } },
        { id: 'd-s2', a: { node: 'd' }, b: { node: 's2' } },
      ],
    });
    const { clusters, nodes } = clustered(routed);
    expect(clusters.map((c) => [c.segment, c.members])).toEqual([['s1', ['a', 'b']]]);
    expect(nodes.map((n) => n.id)).toEqual(['s1', 'c', 's2', 'd']);
  });

  it('stand for their hosts when selected', () => {
    const { clusters } = clustered(doc);
    const hostsOfSw2 = Array.from({ length: 50 }, (_, i) => `h${51 + i}`);
    expect(expandClusters(['cluster:sw2', 'core'], clusters)).toEqual([...hostsOfSw2, 'core']);
  });

  it('are what the canvas draws zoomed out, one line each to their switch, selected when all their hosts are', () => {
    const members = clustered(doc).clusters[0]?.members ?? [];
    const { nodes, edges } = toCanvas(doc, { region: everywhere, collapsed: true }, { nodes: members, links: [] });
    expect(nodes.filter((n) => n.type === 'cluster')).toHaveLength(20);
    expect(nodes.filter((n) => n.type === 'host')).toHaveLength(0);
    expect(nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['cluster:sw1']);
    expect(edges.filter((e) => e.type === 'cluster').map((e) => [e.source, e.target])).toContainEqual([
      'cluster:sw1',
      'sw1',
    ]);
    expect(toCanvas(doc, { region: everywhere, collapsed: false }, { nodes: [], links: [] }).nodes).toHaveLength(1021);
  });
});
