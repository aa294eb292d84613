/**
 * Generates samples/campus-1000.json: 1,000 hosts on 20 access switches
 * joined by one core switch, laid out in rows so it opens readable.
 * Written to samples/ by generate.ts.
 */
import type { TopologyInput } from '../../common/topology/index.js';

const ACCESS_SWITCHES = 20;
const HOSTS_PER_SWITCH = 50;
const HOSTS_PER_ROW = 10;
const SPACING = 110;
/** Space between one access switch's hosts and the next's. */
const GROUP_GAP = 240;
const GROUP_WIDTH = HOSTS_PER_ROW * SPACING + GROUP_GAP;

export function campus(): TopologyInput {
  const doc: TopologyInput = {
    version: 1,
    name: 'Campus: 1,000 hosts on switches',
    nodes: [
      { id: 'core', kind: 'switch', name: 'core', position: { x: (ACCESS_SWITCHES * GROUP_WIDTH) / 2, y: -300 } },
    ],
    links: [],
    addressPool: { ipv4: '10.0.0.0/16', subnetPrefix: 20 },
    routing: 'auto',
  };
  for (let s = 1; s <= ACCESS_SWITCHES; s++) {
    const sw = `sw${s}`;
    const left = (s - 1) * GROUP_WIDTH;
    doc.nodes.push({ id: sw, kind: 'switch', name: sw, position: { x: left + (HOSTS_PER_ROW * SPACING) / 2, y: 0 } });
    doc.links.push({ id: `core-${sw}`, a: { node: 'core' }, b: { node: sw } });
    for (let h = 1; h <= HOSTS_PER_SWITCH; h++) {
      const id = `h${(s - 1) * HOSTS_PER_SWITCH + h}`;
      const row = Math.floor((h - 1) / HOSTS_PER_ROW);
      const col = (h - 1) % HOSTS_PER_ROW;
      doc.nodes.push({ id, kind: 'host', name: id, position: { x: left + col * SPACING, y: 150 + row * SPACING } });
      doc.links.push({ id: `${id}-${sw}`, a: { node: id }, b: { node: sw } });
    }
  }
  return doc;
}
