/**
 * The two IP families, described once: their widths, texts, pools and the
 * rules of a host address, so that allocation (addressing.ts) and
 * validation (validate.ts) treat IPv4 and IPv6 with one code path. Addresses
 * are bigints (32 or 128 bits).
 */
import type { Family } from '../net/family.js';
import { formatIpv4, isUsableHostAddress, parseCidr } from '../net/ipv4.js';
import { formatIpv6, ipv6AddressProblem, parseCidr6 } from '../net/ipv6.js';
import type { Endpoint, IpFamilies, Topology } from './schema.js';

export type { Family };
export const FAMILIES: readonly Family[] = ['ipv4', 'ipv6'];

/** Whether a node's or link's `ip` includes the family (absent: both). */
export function hasFamily(ip: IpFamilies | undefined, family: Family): boolean {
  return ip === undefined || ip === 'dual' || ip === family;
}

/** A prefix of either family, its address as a bigint (32 or 128 bits). */
export interface Prefix {
  address: bigint;
  length: number;
}

/** What allocation and validation need to know of a family: its width, its texts, its pool, subnet size and fields. */
export interface FamilyRules {
  bits: bigint;
  parse(text: string): Prefix | undefined;
  format(address: bigint): string;
  pool(topology: Topology): string;
  subnetLength(topology: Topology): number;
  /** The endpoint's static address of this family. */
  explicit(end: Endpoint): string | undefined;
  /** Whether a subnet's highest address is unusable (IPv4's broadcast). */
  broadcast: boolean;
  /** The endpoint field of a static address, and the pool's field, as documents name them. */
  field: 'address' | 'address6';
  poolField: 'ipv4' | 'ipv6';
  /** What an address with prefix looks like, for messages. */
  example: string;
  /** The prefix lengths a static address may have. */
  lengths: [number, number];
  /** Why a static address cannot be a host's, or undefined. */
  hostProblem(text: string): string | undefined;
}

export const FAMILY_RULES: Record<Family, FamilyRules> = {
  ipv4: {
    bits: 32n,
    parse: (text) => {
      const p = parseCidr(text);
      return p && { address: BigInt(p.address), length: p.length };
    },
    format: (address) => formatIpv4(Number(address)),
    pool: (topology) => topology.addressPool.ipv4,
    subnetLength: (topology) => topology.addressPool.subnetPrefix,
    explicit: (end) => end.address,
    broadcast: true,
    field: 'address',
    poolField: 'ipv4',
    example: '10.0.1.2/24',
    lengths: [8, 30],
    hostProblem: (text) => {
      const p = parseCidr(text);
      return p && !isUsableHostAddress(p) ? 'is the network or broadcast address of its subnet' : undefined;
    },
  },
  ipv6: {
    bits: 128n,
    parse: parseCidr6,
    format: formatIpv6,
    pool: (topology) => topology.addressPool.ipv6,
    subnetLength: () => 64,
    explicit: (end) => end.address6,
    broadcast: false,
    field: 'address6',
    poolField: 'ipv6',
    example: 'fd00:0:0:1::2/64',
    lengths: [16, 127],
    hostProblem: (text) => {
      const p = parseCidr6(text);
      return p && ipv6AddressProblem(p);
    },
  },
};

export const sizeOf = (rules: FamilyRules, length: number) => 1n << (rules.bits - BigInt(length));
export const networkOf = (rules: FamilyRules, p: Prefix): Prefix => ({
  address: p.address & ~(sizeOf(rules, p.length) - 1n),
  length: p.length,
});
export const overlaps = (rules: FamilyRules, a: Prefix, b: Prefix) => {
  const length = Math.min(a.length, b.length);
  return networkOf(rules, { ...a, length }).address === networkOf(rules, { ...b, length }).address;
};
export const cidr = (rules: FamilyRules, p: Prefix) => `${rules.format(p.address)}/${p.length}`;
