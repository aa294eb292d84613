/** Hosts' network stacks configured over rtnetlink, many namespaces in one call (native/src/rtnl_config.c). */
import { binding } from './binding.js';

/**
 * What one host's namespace gets, in this order: `lo` up (fresh) or its static routes flushed (not
 * fresh); per interface, no IPv6 link-local address, its address and the link up; the routes
 * (replacing any to the same prefix, protocol static); then IPv4 forwarding if `forward`.
 */
export interface HostConfig {
  /** The namespace's name under /run/netns. */
  netns: string;
  /** First configuration of this namespace. */
  fresh: boolean;
  /** Existing interfaces of the namespace, by name; `address` is IPv4 with its prefix length, `10.0.1.2/24`. */
  interfaces: { name: string; address: string }[];
  /** `to`: `default` or an IPv4 prefix; `via`: the IPv4 gateway. */
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
