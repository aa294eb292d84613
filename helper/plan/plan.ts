/**
 * The desired network of a topology, independent of any backend: stack
 * nodes with their interfaces (names, MACs, addresses), layer-2 segments,
 * routes and the shared hosts file. Pure: the same topology and the same
 * previous plan always give the same result.
 */
import { must } from '../must.js';
import { createHash } from 'node:crypto';
import { DIRECTIONS, directionParams, isLinkUp, type Direction } from '../../common/topology/link-params.js';
import type { LinkPrograms } from '../../common/topology/link-programs.js';
import {
  isTrunk,
  segmentsOf,
  STACK_KINDS,
  type LinkParams,
  type TopologyLink,
  type NodeKind,
  type ProcessSpec,
  type Segment,
  type Topology,
} from '../../common/topology/index.js';
import {
  endpointKey,
  NO_HINTS,
  planAddresses,
  sideOfKey,
  type AddressHints,
} from '../../common/topology/addressing.js';
import { FAMILIES, type Family } from '../../common/topology/families.js';
import { expandNode, type TemplateFile } from '../../common/templates/expand.js';
import { computeRoutes, type PlannedRoute } from './routes.js';
import { FRR_ETC, planFrr, routingModeOf, type FrrPlan } from '../routing/frr-config.js';

export { PlanError } from '../../common/topology/addressing.js';
export type { PlannedRoute } from './routes.js';

export type SegmentKind = 'p2p' | 'switch' | 'hub';

export interface PlannedInterface {
  /** `<linkId>.<side>`: identifies the interface across plans. */
  key: string;
  node: string;
  linkId: string;
  name: string;
  mac: string;
  /** IPv4 address with prefix, e.g. 10.0.1.2/24 (absent on an IPv6-only interface). */
  address?: string;
  /** IPv6 address with prefix, e.g. fd76:6e65:7400:1::2/64 (absent on an IPv4-only interface). */
  address6?: string;
  segment: string;
  /** The switch or hub it plugs into (absent on a point-to-point link). */
  switch?: string;
}

export interface PlannedHost {
  id: string;
  name: string;
  kind: NodeKind;
  forwards: boolean;
  interfaces: PlannedInterface[];
  routes: PlannedRoute[];
  /** Its document processes: its template's (expanded, see common/templates/expand.ts) then its own. */
  processes: ProcessSpec[];
  /** Its privateDirs: its template's and its own. */
  privateDirs: string[];
  /** Files its template places in those privateDirs before the processes start (and its FRR configuration). */
  files: TemplateFile[];
  /** The FRR a router runs (helper/routing/), absent when its routes are vnet's or none. */
  frr?: FrrPlan;
}

/** One broadcast domain and its subnet: what addressing and routes use. Its switches are built, not it. */
export interface PlannedSegment {
  key: string;
  kind: SegmentKind;
  /** Its IPv4 subnet (absent when no interface on it has IPv4). */
  subnet?: string;
  /** Its IPv6 /64 (absent when no interface on it has IPv6). */
  subnet6?: string;
  /** The switch and hub node ids in it, joined by trunks (empty for a point-to-point link). */
  switches: string[];
}

/** A switch or hub node: one module segment, or one Linux bridge (a tree of them past its port limit). */
export interface PlannedSwitch {
  id: string;
  kind: 'switch' | 'hub';
  /** Key of the PlannedSegment it belongs to. */
  segment: string;
}

/** The two switches or hubs a link between them joins: `a` at the link's side a. */
export interface Trunk {
  a: string;
  b: string;
}

export interface PlannedLink {
  id: string;
  /** What each direction is emulated with (`a>b`: what endpoint a sends to b). */
  directions: Record<Direction, LinkParams>;
  /** The document's link state: false is a cut cable (carrier off at both ends). */
  up: boolean;
  /** Keys of this link's interfaces (none for a trunk). */
  interfaces: string[];
  /** Set on a link between two switches or hubs (a trunk): `a>b` is what switch a sends to switch b. */
  trunk?: Trunk;
  /** The document's programs of its directions, as written (files resolved when loaded). */
  programs?: LinkPrograms;
}

export interface NetworkPlan {
  hosts: Map<string, PlannedHost>;
  segments: Map<string, PlannedSegment>;
  switches: Map<string, PlannedSwitch>;
  links: Map<string, PlannedLink>;
  /** /etc/hosts content every host shares: `ping <name>` works everywhere. */
  hostsFile: string;
}

/** Locally administered unicast MAC derived from node id and interface name. */
export function macFor(node: string, ifname: string): string {
  const bytes = createHash('sha256').update(`${node}/${ifname}`).digest().subarray(0, 6);
  bytes.writeUInt8((bytes.readUInt8(0) & 0xfe) | 0x02, 0);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

function segmentKind(segment: Segment, kinds: ReadonlyMap<string, NodeKind>): SegmentKind {
  if (segment.bridges.length === 0) return 'p2p';
  return segment.bridges.some((b) => kinds.get(b) === 'hub') ? 'hub' : 'switch';
}

interface Endpoint {
  key: string;
  node: string;
  linkId: string;
  explicitName?: string;
  segment: string;
  switch?: string;
}

function stackEndpoints(topology: Topology, segments: readonly Segment[]): Endpoint[] {
  const endpoints: Endpoint[] = [];
  for (const segment of segments) {
    for (const at of segment.attachments) {
      const link = must(topology.links[at.linkIndex], `link ${at.linkIndex}`);
      const end = link[at.side];
      endpoints.push({
        key: endpointKey(link.id, at.side),
        node: at.node,
        linkId: link.id,
        explicitName: end.interface,
        segment: segment.key,
        ...(at.bridge !== undefined && { switch: at.bridge }),
      });
    }
  }
  return endpoints;
}

/** Interface names per node: explicit, then the previous plan's, then the lowest free ethN. */
function nameInterfaces(endpoints: readonly Endpoint[], previous: ReadonlyMap<string, string>): Map<string, string> {
  const names = new Map<string, string>();
  const usedBy = new Map<string, Set<string>>();
  const used = (node: string) => {
    const set = usedBy.get(node) ?? new Set<string>();
    usedBy.set(node, set);
    return set;
  };
  const give = (e: Endpoint, name: string) => {
    names.set(e.key, name);
    used(e.node).add(name);
  };
  for (const e of endpoints) if (e.explicitName !== undefined) give(e, e.explicitName);
  for (const e of endpoints) {
    const old = previous.get(e.key);
    if (!names.has(e.key) && old !== undefined && !used(e.node).has(old)) give(e, old);
  }
  for (const e of endpoints) {
    if (names.has(e.key)) continue;
    let n = 0;
    while (used(e.node).has(`eth${n}`)) n++;
    give(e, `eth${n}`);
  }
  return names;
}

interface Hints {
  addresses: AddressHints;
  names: Map<string, string>;
  /** MACs by `<node>/<ifname>`: hashing them again for 1,000 hosts on every edit is wasted work. */
  macs: Map<string, string>;
}

/** The interface's address of a family, and the segment's subnet of it, as the plan names them. */
const ADDRESS_FIELD = { ipv4: 'address', ipv6: 'address6' } as const;
const SUBNET_FIELD = { ipv4: 'subnet', ipv6: 'subnet6' } as const;

/** A map of the values that are set. */
function definedMap<T>(items: Iterable<T>, key: (item: T) => string, value: (item: T) => string | undefined) {
  const map = new Map<string, string>();
  for (const item of items) {
    const v = value(item);
    if (v !== undefined) map.set(key(item), v);
  }
  return map;
}

function hintsOf(previous: NetworkPlan | undefined): Hints {
  const macs = new Map<string, string>();
  if (!previous) return { addresses: NO_HINTS, names: new Map(), macs };
  const names = new Map<string, string>();
  const interfaces = [...previous.hosts.values()].flatMap((h) => h.interfaces);
  for (const i of interfaces) {
    names.set(i.key, i.name);
    macs.set(`${i.node}/${i.name}`, i.mac);
  }
  const segments = [...previous.segments.values()];
  const family = (f: Family) => ({
    subnets: definedMap(
      segments,
      (s) => s.key,
      (s) => s[SUBNET_FIELD[f]],
    ),
    addresses: definedMap(
      interfaces,
      (i) => i.key,
      (i) => i[ADDRESS_FIELD[f]],
    ),
  });
  return { addresses: { ipv4: family('ipv4'), ipv6: family('ipv6') }, names, macs };
}

/** The address of `10.0.1.2/24`: `10.0.1.2`. */
export function withoutPrefix(cidr: string): string {
  return cidr.slice(0, cidr.indexOf('/'));
}

/** Every host's name with its first address of each family: `ping name` and `ping -6 name` both work. */
function hostsFileOf(hosts: Iterable<PlannedHost>): string {
  const lines = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback'];
  for (const host of hosts) {
    for (const field of Object.values(ADDRESS_FIELD)) {
      const first = host.interfaces.find((i) => i[field] !== undefined)?.[field];
      if (first) lines.push(`${withoutPrefix(first)}\t${host.name}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** A document link as planned, its interfaces (or, on a trunk, its two switches) known. */
export function plannedLink(link: TopologyLink, interfaces: string[], trunk?: Trunk): PlannedLink {
  const directions = Object.fromEntries(DIRECTIONS.map((d) => [d, directionParams(link, d)]));
  const planned = {
    id: link.id,
    directions: directions as Record<Direction, LinkParams>,
    up: isLinkUp(link),
    ...(link.programs && { programs: link.programs }),
  };
  return trunk ? { ...planned, interfaces, trunk } : { ...planned, interfaces };
}

/** The direction of its link that the interface `key` sends (`a>b` from side a). */
export function directionSentBy(key: string): Direction {
  return sideOfKey(key) === 'a' ? 'a>b' : 'b>a';
}

/** What the interface `key` of a link sends and what it receives are emulated with. */
export function emulationAt(link: PlannedLink, key: string): { sends: LinkParams; receives: LinkParams } {
  const sends = directionSentBy(key);
  return { sends: link.directions[sends], receives: link.directions[sends === 'a>b' ? 'b>a' : 'a>b'] };
}

/** A router running FRR keeps its configuration in a private /etc/frr, written before FRR starts. */
function withFrr(host: PlannedHost, frr: FrrPlan): void {
  host.frr = frr;
  host.privateDirs.push(FRR_ETC);
  host.files.push(
    { path: `${FRR_ETC}/frr.conf`, content: frr.config },
    { path: `${FRR_ETC}/vtysh.conf`, content: 'service integrated-vtysh-config\n' },
  );
}

/**
 * Plans a validated topology. With `previous` (the running plan), keeps its
 * subnets, addresses and interface names wherever they still fit.
 */
export function planNetwork(topology: Topology, previous?: NetworkPlan): NetworkPlan {
  const kinds = new Map(topology.nodes.map((n) => [n.id, n.kind]));
  const segments = segmentsOf(topology);
  const hints = hintsOf(previous);
  const planned = planAddresses(topology, segments, hints.addresses);
  const stackKeys = new Set(FAMILIES.flatMap((f) => [...planned[f].addresses.keys()]));
  const endpoints = stackEndpoints(topology, segments);
  const names = nameInterfaces(endpoints, hints.names);
  const forwards = (node: string) => kinds.get(node) === 'router';

  const hosts = new Map<string, PlannedHost>();
  for (const node of topology.nodes.filter((n) => STACK_KINDS.includes(n.kind))) {
    hosts.set(node.id, {
      id: node.id,
      name: node.name,
      kind: node.kind,
      forwards: forwards(node.id),
      interfaces: [],
      routes: [],
      processes: [],
      privateDirs: [],
      files: [],
    });
  }
  for (const e of endpoints) {
    const name = must(names.get(e.key), `name of ${e.key}`);
    const address = planned.ipv4.addresses.get(e.key);
    const address6 = planned.ipv6.addresses.get(e.key);
    must(hosts.get(e.node), `host ${e.node}`).interfaces.push({
      key: e.key,
      node: e.node,
      linkId: e.linkId,
      name,
      mac: hints.macs.get(`${e.node}/${name}`) ?? macFor(e.node, name),
      ...(address !== undefined && { address }),
      ...(address6 !== undefined && { address6 }),
      segment: e.segment,
      ...(e.switch !== undefined && { switch: e.switch }),
    });
  }

  const addressesOf = (id: string) => {
    const byInterface = definedMap(
      must(hosts.get(id), `host ${id}`).interfaces,
      (i) => i.name,
      (i) => i.address && withoutPrefix(i.address),
    );
    return { first: byInterface.values().next().value, byInterface };
  };
  for (const node of topology.nodes)
    if (hosts.has(node.id)) Object.assign(must(hosts.get(node.id), node.id), expandNode(topology, node, addressesOf));

  const plannedSegments = new Map<string, PlannedSegment>();
  const switches = new Map<string, PlannedSwitch>();
  for (const segment of segments) {
    const subnet = planned.ipv4.subnets.get(segment.key);
    const subnet6 = planned.ipv6.subnets.get(segment.key);
    if (subnet !== undefined || subnet6 !== undefined)
      plannedSegments.set(segment.key, {
        key: segment.key,
        kind: segmentKind(segment, kinds),
        ...(subnet !== undefined && { subnet }),
        ...(subnet6 !== undefined && { subnet6 }),
        switches: segment.bridges,
      });
    for (const id of segment.bridges)
      switches.set(id, { id, kind: kinds.get(id) === 'hub' ? 'hub' : 'switch', segment: segment.key });
  }

  // vnet's routes for hosts (unless the network has none) and for routers whose mode is static.
  const staticRoutes = (id: string) =>
    kinds.get(id) === 'router' ? routingModeOf(topology, id) === 'static' : topology.routing !== 'none';
  for (const family of FAMILIES) {
    const field = ADDRESS_FIELD[family];
    const routeNodes = [...hosts.values()].map((h) => ({
      id: h.id,
      forwards: h.forwards,
      interfaces: h.interfaces.flatMap((i) => {
        const address = i[field];
        return address === undefined ? [] : [{ segment: i.segment, address: withoutPrefix(address) }];
      }),
    }));
    const subnetText = definedMap(
      plannedSegments.values(),
      (s) => s.key,
      (s) => s[SUBNET_FIELD[family]],
    );
    for (const [id, routes] of computeRoutes(routeNodes, subnetText))
      if (staticRoutes(id)) must(hosts.get(id), `host ${id}`).routes.push(...routes);
  }
  for (const [id, frr] of planFrr(topology, hosts)) withFrr(must(hosts.get(id), `host ${id}`), frr);

  const links = new Map<string, PlannedLink>();
  for (const link of topology.links) {
    const interfaces = (['a', 'b'] as const)
      .map((side) => endpointKey(link.id, side))
      .filter((key) => stackKeys.has(key));
    const trunk = isTrunk(link, kinds) ? { a: link.a.node, b: link.b.node } : undefined;
    links.set(link.id, plannedLink(link, interfaces, trunk));
  }
  return { hosts, segments: plannedSegments, switches, links, hostsFile: hostsFileOf(hosts.values()) };
}
