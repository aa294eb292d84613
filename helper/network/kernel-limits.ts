/**
 * Kernel limits that are one per machine, shared by every namespace, and that a large network
 * outgrows at their defaults; an apply that adds interfaces or trunks raises them, once it has
 * refused nothing, to fit the network before it builds.
 * Past them nothing is refused: packets are dropped, so hosts simply do not answer.
 * - The neighbour tables (ARP, and NDP for IPv6) hold gc_thresh3 entries (1,024): at 10,000 hosts
 *   half the pings across a routed campus went unanswered ("neighbour table overflow").
 * - Each CPU's receive queue (netdev_max_backlog, 1,000 packets) takes every copy of a broadcast
 *   that a switch floods to its veth ports in one burst: on one segment of 10,000 hosts most ARP
 *   requests were dropped before they reached the host asked.
 * They are never lowered (other networks and the machine's own interfaces share them) and stay
 * raised after a stop, as a larger user.max_net_namespaces would.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NetworkPlan } from '../plan/plan.js';

/** What of a network sizes the limits. */
export interface NetworkSize {
  /** Interfaces of its hosts and routers. */
  interfaces: number;
  /** Ports of its largest broadcast domain: what one broadcast is copied to. */
  largestDomain: number;
}

/** A plan's size: its interfaces, and per broadcast domain its interfaces plus both ends of each trunk. */
export function networkSize(plan: NetworkPlan): NetworkSize {
  const ports = new Map<string, number>();
  const add = (segment: string | undefined, n: number) => {
    if (segment !== undefined) ports.set(segment, (ports.get(segment) ?? 0) + n);
  };
  let interfaces = 0;
  for (const host of plan.hosts.values()) {
    interfaces += host.interfaces.length;
    for (const i of host.interfaces) add(i.segment, 1);
  }
  for (const link of plan.links.values()) if (link.trunk) add(plan.switches.get(link.trunk.a)?.segment, 2);
  return { interfaces, largestDomain: Math.max(0, ...ports.values()) };
}

/** Entries an interface may hold at once: its gateway and the peers it talks to or that talk to it. */
export const NEIGHBOURS_PER_INTERFACE = 4;
/**
 * Floods of the largest domain one CPU's queue holds at once. Not more: a queue that holds seconds of
 * floods delays every frame behind them past ARP's and ping's waits. Across one segment of 10,000
 * hosts, 8,999 of 10,000 pings went unanswered at the default, 122 at 4, 1,545 at 32.
 */
export const BROADCASTS_QUEUED = 4;

/** Each setting, and the value a network needs; the kernel's default stays as the machine's own share. */
const LIMITS: readonly { setting: string; needs(size: NetworkSize): number }[] = [
  ...['ipv4', 'ipv6'].flatMap((family) => [
    { setting: `net.${family}.neigh.default.gc_thresh3`, needs: neighbourLimit },
    // Above it, entries idle for 5 s are collected at once: half the hard limit, as the defaults stand.
    { setting: `net.${family}.neigh.default.gc_thresh2`, needs: (size: NetworkSize) => neighbourLimit(size) / 2 },
  ]),
  { setting: 'net.core.netdev_max_backlog', needs: (size) => 1000 + BROADCASTS_QUEUED * size.largestDomain },
];

function neighbourLimit(size: NetworkSize): number {
  return 1024 + NEIGHBOURS_PER_INTERFACE * size.interfaces;
}

/** Each setting's value for a network of this size. */
export function limitsFor(size: NetworkSize): Record<string, number> {
  return Object.fromEntries(LIMITS.map(({ setting, needs }) => [setting, needs(size)]));
}

/**
 * Raises each setting below what `size` needs; returns a warning naming those it could not raise,
 * with the line that would. `sysctl` is /proc/sys unless a test says.
 */
export function fitKernelLimits(size: NetworkSize, sysctl = '/proc/sys'): string[] {
  const failed: string[] = [];
  let reason = '';
  for (const [setting, value] of Object.entries(limitsFor(size))) {
    const path = join(sysctl, ...setting.split('.'));
    try {
      if (Number(readFileSync(path, 'utf8')) < value) writeFileSync(path, String(value));
    } catch (error) {
      failed.push(`${setting}=${value}`);
      reason ||= (error as Error).message;
    }
  }
  if (failed.length === 0) return [];
  const count = (n: number) => n.toLocaleString('en');
  return [
    `the machine's kernel limits may be too small for this network (${count(size.interfaces)} interfaces, ` +
      `${count(size.largestDomain)} ports on one segment) and raising them failed (${reason}): ` +
      `hosts may not reach each other. As root: sysctl -w ${failed.join(' ')}`,
  ];
}
