/**
 * node.routes: what a running router routes by now. Its main tables from `ip -j` in its namespace
 * (nothing of FRR needed: a static router has them too), its daemons from RouterDaemons, and the
 * neighbours of each protocol a running daemon speaks, from `vtysh ... json` in the router.
 */
import {
  RPC_ERRORS,
  type LiveRoute,
  type NeighbourProtocol,
  type NodeRouting,
  type RoutingNeighbour,
} from '../../common/protocol/helper.js';
import type { RunningNetwork } from '../network/running.js';
import { RpcError } from '../rpc.js';
import { inside, run } from '../run.js';

interface IpRoute {
  dst: string;
  type?: string;
  gateway?: string;
  dev?: string;
  protocol?: string;
  metric?: number;
  nexthops?: { gateway?: string; dev?: string }[];
}

/** The main table of one family as `ip -j [-6] route show table main` prints it, a row per next hop. */
export function parseRoutes(json: string, family: 4 | 6): LiveRoute[] {
  const routes = JSON.parse(json) as IpRoute[];
  if (!Array.isArray(routes)) throw new Error('ip printed no route table');
  // Every IPv6 interface has fe80::/64: noise in a table people read for what routing made.
  const listed = routes.filter((r) => (r.type ?? 'unicast') === 'unicast' && r.dst !== 'fe80::/64');
  return listed.flatMap((r) =>
    (r.nexthops ?? [r]).flatMap((hop) =>
      hop.dev === undefined
        ? []
        : [
            {
              family,
              destination: r.dst === 'default' || r.dst.includes('/') ? r.dst : `${r.dst}/${family === 4 ? 32 : 128}`,
              ...(hop.gateway !== undefined && { via: hop.gateway }),
              device: hop.dev,
              protocol: r.protocol ?? 'boot',
              ...(r.metric !== undefined && { metric: r.metric }),
            },
          ],
    ),
  );
}

interface OspfNeighbour {
  state?: string;
  ifaceName?: string;
}

/** `show ip ospf neighbor json`: neighbours by router id, an interface as `eth0:10.0.0.1`. */
function parseOspf(json: string): RoutingNeighbour[] {
  const { neighbors = {} } = JSON.parse(json) as { neighbors?: Record<string, OspfNeighbour[]> };
  return Object.entries(neighbors).flatMap(([id, list]) =>
    list.map((n) => ({
      protocol: 'ospf' as const,
      neighbour: id,
      state: n.state ?? 'unknown',
      ...(n.ifaceName !== undefined && { interface: n.ifaceName.split(':')[0] }),
    })),
  );
}

/** `show ipv6 ospf6 neighbor json`. */
function parseOspf6(json: string): RoutingNeighbour[] {
  const { neighbors = [] } = JSON.parse(json) as {
    neighbors?: { neighborId: string; state?: string; interfaceName?: string }[];
  };
  return neighbors.map((n) => ({
    protocol: 'ospf6' as const,
    neighbour: n.neighborId,
    state: n.state ?? 'unknown',
    ...(n.interfaceName !== undefined && { interface: n.interfaceName }),
  }));
}

/** `show bgp summary json`: peers by address under each address family; a peer of both families once. */
function parseBgp(json: string): RoutingNeighbour[] {
  const families = JSON.parse(json) as Record<string, { peers?: Record<string, { state?: string }> }>;
  const peers = new Map<string, string>();
  for (const family of Object.values(families))
    for (const [address, peer] of Object.entries(family.peers ?? {})) peers.set(address, peer.state ?? 'unknown');
  return [...peers].map(([neighbour, state]) => ({ protocol: 'bgp' as const, neighbour, state }));
}

/** For each protocol: the daemon that speaks it, what to ask it, and how to read the answer. */
export const NEIGHBOUR_QUERIES: Record<
  NeighbourProtocol,
  { daemon: string; command: string; parse(json: string): RoutingNeighbour[] }
> = {
  ospf: { daemon: 'ospfd', command: 'show ip ospf neighbor json', parse: parseOspf },
  ospf6: { daemon: 'ospf6d', command: 'show ipv6 ospf6 neighbor json', parse: parseOspf6 },
  bgp: { daemon: 'bgpd', command: 'show bgp summary json', parse: parseBgp },
};

/** The running router's tables, daemons and neighbours; refused (named) for anything else. */
export async function readRouting(network: RunningNetwork, node: string): Promise<NodeRouting> {
  const { topology } = network.document();
  const kind = topology.nodes.find((n) => n.id === node)?.kind;
  if (kind === undefined) throw new RpcError(RPC_ERRORS.noSuchHost, `no node "${node}" in the running network`);
  if (kind !== 'router')
    throw new RpcError(
      RPC_ERRORS.invalidParams,
      `${node} is a ${kind}, not a router: only routers have routes to show`,
    );
  const namespace = network.namespaceOf(node);
  const table = async (family: 4 | 6) =>
    parseRoutes(await run([...inside(namespace), 'ip', '-j', `-${family}`, 'route', 'show', 'table', 'main']), family);
  const daemons = network.routers.daemonsOf(node);
  const running = new Set(daemons.filter((d) => d.running).map((d) => d.name));
  const asked = Object.values(NEIGHBOUR_QUERIES).filter((q) => running.has(q.daemon));
  // A daemon that does not answer (restarting, still loading its configuration) has no neighbours to show.
  const neighbours = Promise.all(
    asked.map((q) =>
      network.routers
        .vtysh(node, q.command)
        .then(q.parse)
        .catch((): RoutingNeighbour[] => []),
    ),
  );
  const [v4, v6, answers] = await Promise.all([table(4), table(6), neighbours]);
  return { routes: [...v4, ...v6], daemons, neighbours: answers.flat() };
}
