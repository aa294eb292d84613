/**
 * address and route: a host's IPv4 addresses and main routing table, read
 * once per run through its probe agent (both tables from one `ip -j
 * -batch`, one program a host) and compared with what each check asks.
 */
import type { Check, CheckOutcome } from '../../common/checks/schema.js';
import { formatCidr, networkOf, parseCidr, type Ipv4Prefix } from '../../common/net/ipv4.js';

/** The agent's script that prints both tables, one JSON line each. */
export const READ_STATE = `printf 'address show\\nroute show\\n' | ip -j -batch -`;

export interface HostAddress {
  cidr: string;
  ifname: string;
}

export interface HostRoute {
  /** "default" or a prefix as `ip` prints it ("10.0.2.0/24", "10.0.2.5" for a /32). */
  dst: string;
  prefix: Ipv4Prefix;
  gateways: string[];
  devs: string[];
}

export interface HostState {
  addresses: HostAddress[];
  routes: HostRoute[];
}

interface IpLink {
  ifname: string;
  addr_info?: { family: string; local: string; prefixlen: number }[];
}

interface IpRoute {
  dst: string;
  type?: string;
  gateway?: string;
  dev?: string;
  nexthops?: { gateway?: string; dev?: string }[];
}

/** Both tables from READ_STATE's output; throws when they are not what `ip -j` prints. */
export function parseHostState(output: string): HostState {
  const [links, routes] = output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown[]);
  if (!Array.isArray(links) || !Array.isArray(routes)) throw new Error('ip printed no address and route tables');
  return {
    addresses: (links as IpLink[]).flatMap((link) =>
      (link.addr_info ?? [])
        .filter((a) => a.family === 'inet' && link.ifname !== 'lo')
        .map((a) => ({ cidr: `${a.local}/${a.prefixlen}`, ifname: link.ifname })),
    ),
    routes: (routes as IpRoute[])
      .filter((r) => r.type === undefined || r.type === 'unicast')
      .flatMap((r) => {
        const prefix = parseCidr(r.dst === 'default' ? '0.0.0.0/0' : r.dst.includes('/') ? r.dst : `${r.dst}/32`);
        const hops = r.nexthops ?? [r];
        const gateways = hops.flatMap((h) => (h.gateway ? [h.gateway] : []));
        const devs = hops.flatMap((h) => (h.dev ? [h.dev] : []));
        return prefix ? [{ dst: r.dst, prefix, gateways, devs }] : [];
      }),
  };
}

const listed = (addresses: HostAddress[]) => addresses.map((a) => `${a.cidr} on ${a.ifname}`).join(', ');

export function addressOutcome(check: Extract<Check, { kind: 'address' }>, state: HostState): CheckOutcome {
  const wanted = parseCidr(check.address);
  const found = state.addresses.find((a) => {
    const have = parseCidr(a.cidr);
    return (
      have?.address === wanted?.address &&
      have?.length === wanted?.length &&
      (check.interface === undefined || a.ifname === check.interface)
    );
  });
  if (found) return { ok: true, seen: listed([found]) };
  return { ok: false, seen: state.addresses.length ? listed(state.addresses) : 'no IPv4 address' };
}

function describeRoute(route: HostRoute): string {
  const via = route.gateways.map((g) => ` via ${g}`).join('');
  return `${route.dst}${via}${route.gateways.length ? '' : route.devs.map((d) => ` dev ${d}`).join('')}`;
}

const samePrefix = (a: Ipv4Prefix, b: Ipv4Prefix) => a.address === b.address && a.length === b.length;

export function routeOutcome(check: Extract<Check, { kind: 'route' }>, state: HostState): CheckOutcome {
  const wanted = networkOf(parseCidr(check.to === 'default' ? '0.0.0.0/0' : check.to) ?? { address: 0, length: 0 });
  const name = check.to === 'default' ? 'default route' : `route to ${formatCidr(wanted)}`;
  const route = state.routes.find((r) => samePrefix(networkOf(r.prefix), wanted));
  if (!route) {
    const others = state.routes.map(describeRoute);
    return { ok: false, seen: `no ${name}${others.length ? ` (has ${others.join(', ')})` : ' (no routes at all)'}` };
  }
  if (check.via !== undefined && !route.gateways.includes(check.via))
    return { ok: false, seen: `${describeRoute(route)}, not via ${check.via}` };
  return { ok: true, seen: describeRoute(route) };
}
