/**
 * A 10,000-host document for the UI bench and the e2e tests: ten copies of
 * the 1,000-host campus (tools/samples/campus.ts) stacked in a column, each
 * campus's core switch behind a router of its own, the routers on one
 * backbone switch. Written to a file, it opens like any document.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTopology, type TopologyInput } from '../../common/topology/index.js';
import { campus } from '../../tools/samples/campus.js';

const CAMPUSES = 10;
/** Vertical room of one campus: its core switch, router, and five rows of hosts. */
const CAMPUS_HEIGHT = 1400;

export function campus10k(): TopologyInput {
  const doc: TopologyInput = {
    version: 1,
    name: 'Campus: 10,000 hosts behind 10 routers',
    nodes: [{ id: 'backbone', kind: 'switch', name: 'backbone', position: { x: -1500, y: 0 } }],
    links: [],
    addressPool: { ipv4: '10.0.0.0/8', subnetPrefix: 20 },
    routing: 'auto',
  };
  for (let c = 1; c <= CAMPUSES; c++) {
    const one = campus();
    const prefix = (id: string) => `c${c}-${id}`;
    const top = (c - 1) * CAMPUS_HEIGHT;
    const core = one.nodes.find((n) => n.id === 'core');
    if (!core) throw new Error('the campus generator has no core switch');
    for (const node of one.nodes) {
      const { x, y } = node.position ?? { x: 0, y: 0 };
      doc.nodes.push({ ...node, id: prefix(node.id), name: prefix(node.name ?? node.id), position: { x, y: top + y } });
    }
    for (const link of one.links) {
      doc.links.push({ id: prefix(link.id), a: { node: prefix(link.a.node) }, b: { node: prefix(link.b.node) } });
    }
    const router = prefix('r');
    const { x, y } = core.position ?? { x: 0, y: 0 };
    doc.nodes.push({ id: router, kind: 'router', name: router, position: { x, y: top + y - 150 } });
    doc.links.push({ id: `${router}-core`, a: { node: router }, b: { node: prefix('core') } });
    doc.links.push({ id: `backbone-${router}`, a: { node: 'backbone' }, b: { node: router } });
  }
  return doc;
}

/** Writes the document into `dir` (after checking it) and returns its path. */
export function writeCampus10k(dir: string): string {
  const doc = campus10k();
  readTopology(doc);
  const path = join(dir, 'campus-10k.json');
  writeFileSync(path, `${JSON.stringify(doc)}\n`);
  return path;
}
