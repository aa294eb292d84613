/**
 * Address allocation: one subnet per segment from the topology's pool, one
 * address per interface. Explicit addresses win; then what the running
 * network already uses (so a live edit never renumbers what it did not
 * touch); only then the lowest free subnet or address. Validation runs it
 * too (without hints), so a pool too small is said before anything is built.
 */
import {
  broadcastOf,
  formatCidr,
  formatIpv4,
  maskOf,
  networkOf,
  overlaps,
  parseCidr,
  type Ipv4Prefix,
} from '../net/ipv4.js';
import type { Topology } from './schema.js';
import type { Segment } from './segments.js';

/** Previous allocations, by segment key and by endpoint key (`<linkId>.<side>`). */
export interface AddressHints {
  subnets: ReadonlyMap<string, string>;
  addresses: ReadonlyMap<string, string>;
}

export const NO_HINTS: AddressHints = { subnets: new Map(), addresses: new Map() };

export class PlanError extends Error {
  override name = 'PlanError';
}

export function endpointKey(linkId: string, side: 'a' | 'b'): string {
  return `${linkId}.${side}`;
}

/** The side an interface key names (the inverse of endpointKey). */
export function sideOfKey(key: string): 'a' | 'b' {
  return key.endsWith('.a') ? 'a' : 'b';
}

/** Picks a subnet for every segment that has stack nodes on it. */
export function allocateSubnets(
  topology: Topology,
  segments: readonly Segment[],
  hints: AddressHints,
): Map<string, Ipv4Prefix> {
  const pool = parseCidr(topology.addressPool.ipv4);
  if (!pool) throw new PlanError(`address pool "${topology.addressPool.ipv4}" is not an IPv4 prefix`);
  const chosen = new Map<string, Ipv4Prefix>();
  const taken: Ipv4Prefix[] = [];
  const free = (p: Ipv4Prefix) => !taken.some((t) => overlaps(t, p));
  const take = (key: string, p: Ipv4Prefix) => {
    chosen.set(key, p);
    taken.push(p);
  };
  const addressed = segments.filter((s) => s.attachments.length > 0);

  for (const segment of addressed) {
    const explicit = segment.attachments
      .map((at) => topology.links[at.linkIndex]?.[at.side].address)
      .find((a) => a !== undefined);
    const prefix = explicit === undefined ? undefined : parseCidr(explicit);
    if (prefix) take(segment.key, networkOf(prefix));
  }
  for (const segment of addressed) {
    const hint = hints.subnets.get(segment.key);
    const prefix = hint === undefined ? undefined : parseCidr(hint);
    if (!chosen.has(segment.key) && prefix && free(prefix)) take(segment.key, prefix);
  }
  const size = 2 ** (32 - topology.addressPool.subnetPrefix);
  const count = 2 ** (topology.addressPool.subnetPrefix - pool.length);
  let next = 0;
  for (const segment of addressed) {
    if (chosen.has(segment.key)) continue;
    let candidate: Ipv4Prefix | undefined;
    for (; next < count && !candidate; next++) {
      const p = { address: (networkOf(pool).address + next * size) >>> 0, length: topology.addressPool.subnetPrefix };
      if (free(p)) candidate = p;
    }
    if (!candidate)
      throw new PlanError(
        `address pool ${formatCidr(pool)} has no free /${topology.addressPool.subnetPrefix} left for segment "${segment.key}"`,
      );
    take(segment.key, candidate);
  }
  return chosen;
}

interface Wanted {
  key: string;
  explicit?: string;
}

/** Gives each endpoint of one segment an address (with prefix) inside its subnet. */
export function allocateAddresses(
  subnet: Ipv4Prefix,
  wanted: readonly Wanted[],
  hints: AddressHints,
  segmentKey: string,
): Map<string, string> {
  const result = new Map<string, string>();
  const used = new Set<number>();
  const assign = (key: string, address: number) => {
    used.add(address);
    result.set(key, `${formatIpv4(address)}/${subnet.length}`);
  };
  const first = subnet.length >= 31 ? subnet.address : subnet.address + 1;
  const last = subnet.length >= 31 ? broadcastOf(subnet) : broadcastOf(subnet) - 1;
  const inSubnet = (a: number) => (a & maskOf(subnet.length)) >>> 0 === subnet.address && a >= first && a <= last;

  for (const w of wanted) {
    const p = w.explicit === undefined ? undefined : parseCidr(w.explicit);
    if (p) assign(w.key, p.address);
  }
  for (const w of wanted) {
    const hint = hints.addresses.get(w.key);
    const p = hint === undefined ? undefined : parseCidr(hint);
    if (!result.has(w.key) && p && p.length === subnet.length && inSubnet(p.address) && !used.has(p.address))
      assign(w.key, p.address);
  }
  let next = first;
  for (const w of wanted) {
    if (result.has(w.key)) continue;
    while (next <= last && used.has(next)) next++;
    if (next > last) throw new PlanError(`subnet ${formatCidr(subnet)} of segment "${segmentKey}" is full`);
    assign(w.key, next);
  }
  return result;
}

/** The subnets and the address of every stack endpoint (by endpoint key); routers take a segment's lowest addresses. */
export function planAddresses(
  topology: Topology,
  segments: readonly Segment[],
  hints: AddressHints,
): { subnets: Map<string, Ipv4Prefix>; addresses: Map<string, string> } {
  const subnets = allocateSubnets(topology, segments, hints);
  const kinds = new Map(topology.nodes.map((n) => [n.id, n.kind]));
  const router = (node: string) => Number(kinds.get(node) === 'router');
  const addresses = new Map<string, string>();
  for (const segment of segments) {
    const subnet = subnets.get(segment.key);
    if (!subnet) continue;
    const wanted = [...segment.attachments]
      .sort((x, y) => router(y.node) - router(x.node))
      .map((at) => {
        const link = topology.links[at.linkIndex];
        if (!link) throw new PlanError(`segment "${segment.key}" refers to a missing link`);
        return { key: endpointKey(link.id, at.side), explicit: link[at.side].address };
      });
    for (const [key, address] of allocateAddresses(subnet, wanted, hints, segment.key)) addresses.set(key, address);
  }
  return { subnets, addresses };
}
