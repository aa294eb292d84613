/**
 * The kernel's neighbour tables (ARP for IPv4, NDP for IPv6) are one per machine, shared by every
 * namespace, and hold at most gc_thresh3 entries (1,024 by default). Past it a host cannot resolve
 * its gateway or its peer, and what it sends is dropped ("neighbour table overflow"): at 10,000
 * hosts, half the pings across a routed campus went unanswered. So an apply that adds interfaces
 * first raises the limits to fit the network; it never lowers them (other networks, the machine's
 * own interfaces use the same tables), and they stay raised after a stop, as a larger
 * user.max_net_namespaces would.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Entries an interface may hold at once: its gateway and the peers it talks to or that talk to it. */
export const NEIGHBOURS_PER_INTERFACE = 4;
/** Left for the machine's own interfaces and other namespaces: the kernel's default limit. */
const MACHINE_SHARE = 1024;

const FAMILIES = ['ipv4', 'ipv6'] as const;

/** The hard limit (gc_thresh3) a network of this many interfaces needs. */
export function neighbourLimitFor(interfaces: number): number {
  return MACHINE_SHARE + NEIGHBOURS_PER_INTERFACE * interfaces;
}

function setting(family: string, name: string): string {
  return `net.${family}.neigh.default.${name}`;
}

/**
 * Raises each family's gc_thresh3 to fit `interfaces`, and gc_thresh2 (above which entries idle for
 * 5 s are collected at once) to half of it, as the kernel's defaults stand. Returns a warning per
 * family it could not raise, with the line that would; `sysctl` is /proc/sys unless a test says.
 */
export function fitNeighbourTables(interfaces: number, sysctl = '/proc/sys'): string[] {
  const limit = neighbourLimitFor(interfaces);
  const warnings: string[] = [];
  for (const family of FAMILIES) {
    const path = (name: string) => join(sysctl, ...setting(family, name).split('.'));
    const raise = (name: string, to: number) => {
      if (Number(readFileSync(path(name), 'utf8')) < to) writeFileSync(path(name), String(to));
    };
    try {
      raise('gc_thresh3', limit);
      raise('gc_thresh2', limit / 2);
    } catch (error) {
      warnings.push(
        `the machine's ${family === 'ipv4' ? 'ARP' : 'IPv6 neighbour'} table may be too small for this network's ` +
          `${interfaces.toLocaleString('en')} interfaces, and raising it failed (${(error as Error).message}): ` +
          `hosts may not reach each other. As root: sysctl -w ${setting(family, 'gc_thresh3')}=${limit}`,
      );
    }
  }
  return warnings;
}
