/**
 * What FRR a router runs, from the document and vnet's addressing: its daemons and its frr.conf
 * (`ospf`: every interface in area 0 of OSPFv2 and OSPFv3 with hello 1 s / dead 4 s; `bgp`: eBGP to
 * every router on a segment it shares, its connected subnets announced; or the router's own `frr`
 * text, as is). Pure: the plan calls it.
 */
import { familyOf } from '../../common/net/family.js';
import { formatIpv4 } from '../../common/net/ipv4.js';
import { FAMILIES } from '../../common/topology/families.js';
import type { RoutingMode, Topology } from '../../common/topology/index.js';
import { interfaceAddresses } from '../../common/protocol/helper.js';

/** A router's FRR: its daemons (zebra first) and its integrated configuration. */
/**
 * What FRR's configuration is made from: a planned router (helper/plan/plan.ts PlannedHost) as far as
 * it is read here, named apart so that the plan may call this without the two importing each other.
 */
export interface FrrRouter {
  id: string;
  name: string;
  interfaces: readonly { name: string; segment: string; address?: string; address6?: string }[];
}

export interface FrrPlan {
  daemons: string[];
  config: string;
}

/** Where a router's FRR keeps its configuration: private to it (node.privateDirs' mechanism). */
export const FRR_ETC = '/etc/frr';

/** A router's mode: its own, else the network's. */
export function routingModeOf(topology: Topology, node: string): RoutingMode {
  return topology.nodes.find((n) => n.id === node)?.routing ?? topology.routing;
}

/** Fast hello and dead timers (seconds): a cut link is noticed, and routed around, within seconds. */
const fastTimers = (protocol: string) => [` ${protocol} hello-interval 1`, ` ${protocol} dead-interval 4`];
const FIRST_PRIVATE_ASN = 64512;

/** The daemons an own configuration needs: zebra and staticd, and one per `router <protocol>` section. */
const SECTION_DAEMONS: [RegExp, string][] = [
  [/^router ospf\b(?!6)/m, 'ospfd'],
  [/^router ospf6\b/m, 'ospf6d'],
  [/^router bgp\b/m, 'bgpd'],
  [/^router rip\b/m, 'ripd'],
  [/^router ripng\b/m, 'ripngd'],
  [/^router isis\b/m, 'isisd'],
];

function header(host: FrrRouter): string[] {
  return ['frr defaults traditional', `hostname ${host.name}`, 'service integrated-vtysh-config', '!'];
}

function ospfConfig(host: FrrRouter, routerId: string): FrrPlan {
  const v4 = host.interfaces.some((i) => i.address !== undefined);
  const v6 = host.interfaces.some((i) => i.address6 !== undefined);
  const lines = header(host);
  for (const i of host.interfaces) {
    lines.push(`interface ${i.name}`);
    if (i.address !== undefined) lines.push(' ip ospf area 0', ...fastTimers('ip ospf'));
    if (i.address6 !== undefined) lines.push(' ipv6 ospf6 area 0', ...fastTimers('ipv6 ospf6'));
    lines.push('exit', '!');
  }
  // Changes flooded and computed at once (FRR waits up to 5 s between a router's LSAs by default).
  const spf = ' timers throttle spf 0 50 500';
  const arrival = ' timers lsa min-arrival 0';
  if (v4)
    lines.push('router ospf', ` ospf router-id ${routerId}`, spf, ' timers throttle lsa all 0', arrival, 'exit', '!');
  if (v6) lines.push('router ospf6', ` ospf6 router-id ${routerId}`, spf, arrival, 'exit', '!');
  return { daemons: ['zebra', ...(v4 ? ['ospfd'] : []), ...(v6 ? ['ospf6d'] : [])], config: lines.join('\n') + '\n' };
}

interface Peer {
  address: string;
  asn: number;
}

function bgpConfig(host: FrrRouter, routerId: string, asn: number, peers: readonly Peer[]): FrrPlan {
  const lines = [...header(host), `router bgp ${asn}`, ` bgp router-id ${routerId}`, ' no bgp ebgp-requires-policy'];
  lines.push(' timers bgp 1 3');
  for (const p of peers)
    lines.push(` neighbor ${p.address} remote-as ${p.asn}`, ` neighbor ${p.address} timers connect 1`);
  for (const family of FAMILIES) {
    lines.push(` address-family ${family} unicast`, '  redistribute connected');
    for (const p of peers.filter((x) => familyOf(x.address) === family)) lines.push(`  neighbor ${p.address} activate`);
    lines.push(' exit-address-family');
  }
  lines.push('exit', '!');
  return { daemons: ['zebra', 'bgpd'], config: lines.join('\n') + '\n' };
}

function ownConfig(text: string): FrrPlan {
  const daemons = SECTION_DAEMONS.filter(([section]) => section.test(text)).map(([, daemon]) => daemon);
  return { daemons: ['zebra', 'staticd', ...daemons], config: text.endsWith('\n') ? text : `${text}\n` };
}

/**
 * The FRR of every router that runs it (mode ospf or bgp, or an own `frr`), by host id. Router ids are
 * 0.0.0.N, N its rank among the document's routers (1-based): unique, and there without IPv4 too.
 */
export function planFrr(topology: Topology, hosts: ReadonlyMap<string, FrrRouter>): Map<string, FrrPlan> {
  const routers = topology.nodes.filter((n) => n.kind === 'router');
  const rank = new Map(routers.map((n, i) => [n.id, i + 1]));
  const asnOf = (id: string) => routers.find((n) => n.id === id)?.asn ?? FIRST_PRIVATE_ASN + (rank.get(id) ?? 0);
  const routersOn = new Map<string, FrrRouter[]>();
  for (const host of routers.flatMap((r) => hosts.get(r.id) ?? []))
    for (const i of host.interfaces) routersOn.set(i.segment, [...(routersOn.get(i.segment) ?? []), host]);
  const plans = new Map<string, FrrPlan>();
  for (const node of routers) {
    const host = hosts.get(node.id);
    if (!host) continue;
    const routerId = formatIpv4(rank.get(node.id) ?? 0);
    const mode = routingModeOf(topology, node.id);
    if (node.frr !== undefined) plans.set(node.id, ownConfig(node.frr));
    else if (mode === 'ospf') plans.set(node.id, ospfConfig(host, routerId));
    else if (mode === 'bgp') {
      const peers = host.interfaces.flatMap((mine) =>
        (routersOn.get(mine.segment) ?? [])
          .filter((other) => other.id !== host.id && routingModeOf(topology, other.id) === 'bgp')
          .flatMap((other) => {
            const theirs = other.interfaces.find((i) => i.segment === mine.segment);
            const addresses = interfaceAddresses(theirs ?? {}).map((a) => a.split('/')[0] as string);
            return addresses.map((address) => ({ address, asn: asnOf(other.id) }));
          }),
      );
      plans.set(node.id, bgpConfig(host, routerId, asnOf(node.id), peers));
    }
  }
  return plans;
}
