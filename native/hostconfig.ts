/** Hosts' network stacks configured over rtnetlink, many namespaces in one call (native/src/rtnl_config.c). */
import { binding } from './binding.js';

/**
 * What one host's namespace gets, in this order: no IPv6 router advertisements accepted on its
 * interfaces (so none solicited); `lo` up (fresh) or its static routes of both families flushed (not
 * fresh); per interface, no automatic IPv6 link-local address, its addresses (IPv6 ones `nodad`) and
 * the link up; the routes (replacing any to the same prefix, protocol static); then IPv4
 * and IPv6 forwarding if `forward`.
 */
export interface HostConfig {
  /** The namespace's name under /run/netns. */
  netns: string;
  /** First configuration of this namespace. */
  fresh: boolean;
  /**
   * Existing interfaces of the namespace, by name; `addresses` are IPv4 or IPv6 with their prefix
   * length (`10.0.1.2/24`, `fd00:0:0:1::2/64`, `fe80::1/64`), added in order.
   */
  interfaces: { name: string; addresses: string[] }[];
  /** `via`: the gateway, IPv4 or IPv6; `to`: `default` (of via's family) or a prefix of via's family. */
  routes: { to: string; via: string }[];
  forward: boolean;
}

/**
 * Configures every host, one namespace after another on a thread of its own, each in one rtnetlink
 * round trip (per 64 requests). Stops at the first refusal; the error names the namespace and the step
 * as `ip` would write it (`addr add 10.0.1.2/24 dev eth0: File exists`). Bad fields throw a TypeError
 * (code ERR_INVALID_ARG_VALUE) before anything is changed.
 */
export async function configureHosts(hosts: HostConfig[]): Promise<void> {
  return binding().configureHosts(hosts);
}
