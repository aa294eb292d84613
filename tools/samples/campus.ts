/**
 * The generated campus samples, laid out in rows so they open readable:
 * samples/campus-1000.json, 1,000 hosts on 20 access switches joined by one
 * core switch; samples/campus-10k.json, 10,000 hosts in 100 routed subnets
 * (a router and a switch of 100 hosts each, the routers on one core switch).
 * Written to samples/ by generate.ts.
 */
import type { TopologyInput } from '../../common/topology/index.js';

const HOSTS_PER_ROW = 10;
const SPACING = 110;
/** Space between one access switch's hosts and the next's. */
const GROUP_GAP = 240;
const GROUP_WIDTH = HOSTS_PER_ROW * SPACING + GROUP_GAP;
/** Groups of the routed campus per row of groups, and the height of one such row. */
const GROUPS_PER_ROW = 10;
const GROUP_HEIGHT = 1800;

type NodeInput = TopologyInput['nodes'][number];

/** An access switch `sw` at `(left, top)` with `count` hosts h<first>… in rows beneath it, linked to it. */
function accessGroup(doc: TopologyInput, sw: string, first: number, count: number, left: number, top: number): void {
  doc.nodes.push({ id: sw, kind: 'switch', name: sw, position: { x: left + (HOSTS_PER_ROW * SPACING) / 2, y: top } });
  for (let h = 0; h < count; h++) {
    const id = `h${first + h}`;
    const position = {
      x: left + (h % HOSTS_PER_ROW) * SPACING,
      y: top + 150 + Math.floor(h / HOSTS_PER_ROW) * SPACING,
    };
    doc.nodes.push({ id, kind: 'host', name: id, position });
    doc.links.push({ id: `${id}-${sw}`, a: { node: id }, b: { node: sw } });
  }
}

function core(x: number): NodeInput {
  return { id: 'core', kind: 'switch', name: 'core', position: { x, y: -300 } };
}

/** 1,000 hosts on 20 access switches joined by one core switch: one subnet. */
export function campus(): TopologyInput {
  const switches = 20;
  const doc: TopologyInput = {
    version: 1,
    name: 'Campus: 1,000 hosts on switches',
    nodes: [core((switches * GROUP_WIDTH) / 2)],
    links: [],
    addressPool: { ipv4: '10.0.0.0/16', subnetPrefix: 20 },
    routing: 'auto',
  };
  for (let s = 1; s <= switches; s++) {
    doc.links.push({ id: `core-sw${s}`, a: { node: 'core' }, b: { node: `sw${s}` } });
    accessGroup(doc, `sw${s}`, (s - 1) * 50 + 1, 50, (s - 1) * GROUP_WIDTH, 0);
  }
  return doc;
}

/**
 * `subnets` routers r<k>, each with a switch sw<k> of `hostsPerSubnet` hosts, the routers joined by a
 * core switch: `subnets + 1` subnets, /24 each (so up to 253 hosts a subnet and 255 subnets).
 */
export function routedCampus(subnets = 100, hostsPerSubnet = 100): TopologyInput {
  const hosts = (subnets * hostsPerSubnet).toLocaleString('en');
  const doc: TopologyInput = {
    version: 1,
    name: `Campus: ${hosts} hosts in ${subnets} routed subnets`,
    nodes: [core((Math.min(subnets, GROUPS_PER_ROW) * GROUP_WIDTH) / 2)],
    links: [],
    addressPool: { ipv4: '10.0.0.0/16', subnetPrefix: 24 },
    routing: 'auto',
  };
  for (let s = 1; s <= subnets; s++) {
    const left = ((s - 1) % GROUPS_PER_ROW) * GROUP_WIDTH;
    const top = Math.floor((s - 1) / GROUPS_PER_ROW) * GROUP_HEIGHT;
    const router = `r${s}`;
    doc.nodes.push({
      id: router,
      kind: 'router',
      name: router,
      position: { x: left + (HOSTS_PER_ROW * SPACING) / 2, y: top - 150 },
    });
    doc.links.push({ id: `core-${router}`, a: { node: 'core' }, b: { node: router } });
    doc.links.push({ id: `${router}-sw${s}`, a: { node: router }, b: { node: `sw${s}` } });
    accessGroup(doc, `sw${s}`, (s - 1) * hostsPerSubnet + 1, hostsPerSubnet, left, top);
  }
  return doc;
}
