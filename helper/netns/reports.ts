/**
 * A switch forwards its hosts' multicast membership reports (IGMP, MLD) only towards routers and
 * other switches, as a snooping switch does (RFC 4541 2.1.1), not to every port as our bridges
 * (no snooping: commands.ts) would. Only a multicast router acts on a report, and flooded, reports
 * grow with the square of a segment: each host sends two or three as it comes up (its
 * solicited-node groups, repeated), so on one segment of 10,000 hosts some 10⁸ copies reached
 * hosts that drop them, for minutes after start, and crowded out ARP and pings.
 * One static nf_tables rule keeps them off hosts' ports, which the rule knows by their name: the
 * fabric port of a host that is not a router, on a switch (not a hub, which floods everything),
 * starts with LISTENER_PORT. Every other fabric device (a router's port, a trunk end, an uplink,
 * a hub's or a point-to-point link's port) does not.
 */
import { tableScript } from '../faults/nft.js';
import type { NetworkPlan, PlannedInterface } from '../plan/plan.js';

/** The first letter of a listener port's name, and of every other port of a host's interface. */
const LISTENER_PORT = 'l';
const OTHER_PORT = 'p';

const TABLE = 'vnet_switching';

/** The first letter of the fabric port of `i`: whether it plugs a host that only listens into a switch. */
export function portPrefix(i: PlannedInterface, plan: NetworkPlan): string {
  const onSwitch = i.switch !== undefined && plan.switches.get(i.switch)?.kind === 'switch';
  return onSwitch && plan.hosts.get(i.node)?.forwards === false ? LISTENER_PORT : OTHER_PORT;
}

/**
 * The nft script that makes the rule's table anew in the fabric namespace (bridge family, forward
 * hook: per copy). Anew, because a bridge-family chain sees only the bridges that existed when it
 * was made (so on this machine's 6.18 kernel): it is run after every apply that may add a bridge.
 */
export function reportsScript(): string[] {
  const listeners = `oifname "${LISTENER_PORT}*"`;
  return tableScript(TABLE, 'bridge', 'forward', [
    `icmpv6 type { mld-listener-report, mld2-listener-report } ${listeners} drop`,
    `igmp type { membership-report-v1, membership-report-v2, membership-report-v3 } ${listeners} drop`,
  ]);
}

/** What an apply says when nft is missing: the switches flood reports instead. */
export const REPORTS_FLOODED =
  "switches send hosts' multicast membership reports to every port, where they should go to routers only: " +
  'on a segment of thousands of hosts that floods the machine for minutes after start. ' +
  'The nft program is not installed (Debian package nftables: apt-get install nftables)';
