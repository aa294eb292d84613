/**
 * Address allocation, for IPv4 and IPv6 alike: one subnet of each family per
 * segment from the topology's pools (IPv6: a /64 each), one address of each
 * family per interface that has it. Explicit addresses win; then what the running
 * network already uses (so a live edit never renumbers what it did not
 * touch); only then the lowest free subnet or address. Validation runs it
 * too (without hints), so a pool too small is said before anything is built.
 */
import {
  cidr,
  FAMILY_RULES,
  hasFamily,
  networkOf,
  overlaps,
  sizeOf,
  type Family,
  type FamilyRules,
  type Prefix,
} from './families.js';
import type { Topology } from './schema.js';
import type { Segment } from './segments.js';

/** Previous allocations of one family, by segment key and by endpoint key (`<linkId>.<side>`). */
export interface FamilyHints {
  subnets: ReadonlyMap<string, string>;
  addresses: ReadonlyMap<string, string>;
}

export type AddressHints = Record<Family, FamilyHints>;

const NONE: FamilyHints = { subnets: new Map(), addresses: new Map() };
export const NO_HINTS: AddressHints = { ipv4: NONE, ipv6: NONE };

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

/** One family's subnets (by segment key) and addresses with prefix (by endpoint key). */
export interface FamilyAddresses {
  subnets: Map<string, string>;
  addresses: Map<string, string>;
}

/** Picks a subnet of the family for every segment with an endpoint of that family. */
function allocateSubnets(
  rules: FamilyRules,
  topology: Topology,
  segments: readonly Pick<Segment, 'key' | 'attachments'>[],
  hints: FamilyHints,
): Map<string, Prefix> {
  const pool = rules.parse(rules.pool(topology));
  if (!pool) throw new PlanError(`address pool "${rules.pool(topology)}" is not a prefix of its family`);
  const chosen = new Map<string, Prefix>();
  const taken: Prefix[] = [];
  const free = (p: Prefix) => !taken.some((t) => overlaps(rules, t, p));
  const take = (key: string, p: Prefix) => {
    chosen.set(key, p);
    taken.push(p);
  };

  for (const segment of segments) {
    const explicit = segment.attachments
      .map((at) => {
        const link = topology.links[at.linkIndex];
        return link && rules.explicit(link[at.side]);
      })
      .find((a) => a !== undefined);
    const prefix = explicit === undefined ? undefined : rules.parse(explicit);
    if (prefix) take(segment.key, networkOf(rules, prefix));
  }
  for (const segment of segments) {
    const hint = hints.subnets.get(segment.key);
    const prefix = hint === undefined ? undefined : rules.parse(hint);
    if (!chosen.has(segment.key) && prefix && free(prefix)) take(segment.key, prefix);
  }
  const length = rules.subnetLength(topology);
  const size = sizeOf(rules, length);
  const count = 1n << BigInt(length - pool.length);
  const base = networkOf(rules, pool).address;
  let next = 0n;
  for (const segment of segments) {
    if (chosen.has(segment.key)) continue;
    let candidate: Prefix | undefined;
    for (; next < count && !candidate; next++) {
      const p = { address: base + next * size, length };
      if (free(p)) candidate = p;
    }
    if (!candidate)
      throw new PlanError(`address pool ${cidr(rules, pool)} has no free /${length} left for segment "${segment.key}"`);
    take(segment.key, candidate);
  }
  return chosen;
}

interface Wanted {
  key: string;
  explicit?: string;
}

/** Gives each endpoint of one segment an address (with prefix) inside its subnet. */
function allocateAddresses(
  rules: FamilyRules,
  subnet: Prefix,
  wanted: readonly Wanted[],
  hints: FamilyHints,
  segmentKey: string,
): Map<string, string> {
  const result = new Map<string, string>();
  const used = new Set<bigint>();
  const assign = (key: string, address: bigint) => {
    used.add(address);
    result.set(key, `${rules.format(address)}/${subnet.length}`);
  };
  const whole = rules.bits - BigInt(subnet.length) <= 1n;
  const first = whole ? subnet.address : subnet.address + 1n;
  const top = subnet.address + sizeOf(rules, subnet.length) - 1n;
  const last = whole || !rules.broadcast ? top : top - 1n;
  const inSubnet = (a: bigint) => a >= first && a <= last;

  for (const w of wanted) {
    const p = w.explicit === undefined ? undefined : rules.parse(w.explicit);
    if (p) assign(w.key, p.address);
  }
  for (const w of wanted) {
    const hint = hints.addresses.get(w.key);
    const p = hint === undefined ? undefined : rules.parse(hint);
    if (!result.has(w.key) && p && p.length === subnet.length && inSubnet(p.address) && !used.has(p.address))
      assign(w.key, p.address);
  }
  let next = first;
  for (const w of wanted) {
    if (result.has(w.key)) continue;
    while (next <= last && used.has(next)) next++;
    if (next > last) throw new PlanError(`subnet ${cidr(rules, subnet)} of segment "${segmentKey}" is full`);
    assign(w.key, next);
  }
  return result;
}

/** The family's subnets and the address of every stack endpoint that has it; routers take a segment's lowest addresses. */
function planFamily(
  family: Family,
  topology: Topology,
  segments: readonly Segment[],
  hints: FamilyHints,
): FamilyAddresses {
  const rules = FAMILY_RULES[family];
  const nodes = new Map(topology.nodes.map((n) => [n.id, n]));
  const router = (node: string) => Number(nodes.get(node)?.kind === 'router');
  const withFamily = segments
    .map((segment) => ({
      key: segment.key,
      attachments: segment.attachments.filter((at) => {
        const link = topology.links[at.linkIndex];
        return hasFamily(link?.ip, family) && hasFamily(nodes.get(at.node)?.ip, family);
      }),
    }))
    .filter((s) => s.attachments.length > 0);
  const subnets = allocateSubnets(rules, topology, withFamily, hints);
  const addresses = new Map<string, string>();
  for (const segment of withFamily) {
    const subnet = subnets.get(segment.key);
    if (!subnet) continue;
    const wanted = [...segment.attachments]
      .sort((x, y) => router(y.node) - router(x.node))
      .map((at) => {
        const link = topology.links[at.linkIndex];
        if (!link) throw new PlanError(`segment "${segment.key}" refers to a missing link`);
        return { key: endpointKey(link.id, at.side), explicit: rules.explicit(link[at.side]) };
      });
    for (const [key, address] of allocateAddresses(rules, subnet, wanted, hints, segment.key))
      addresses.set(key, address);
  }
  const texts = new Map([...subnets].map(([key, p]) => [key, cidr(rules, p)]));
  return { subnets: texts, addresses };
}

/** Both families' subnets and addresses: an endpoint has the families its node and its link both have. */
export function planAddresses(
  topology: Topology,
  segments: readonly Segment[],
  hints: AddressHints,
): Record<Family, FamilyAddresses> {
  return {
    ipv4: planFamily('ipv4', topology, segments, hints.ipv4),
    ipv6: planFamily('ipv6', topology, segments, hints.ipv6),
  };
}
