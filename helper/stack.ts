/**
 * The host side every backend shares: one namespace per stack node with
 * the helper's hosts file as its /etc/hosts, and inside it the addresses,
 * routes and forwarding a plan asks for. Backends differ only in how the
 * interfaces get there (veth pairs, or /dev/vnet ports).
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import { configureHosts, createNamespaces, type HostConfig } from '../native/index.js';
import { must } from './must.js';
import { linkLocalOf } from '../common/net/ipv6.js';
import { RUN_DIR } from './lifecycle.js';
import type { NetworkDiff } from './plan/diff.js';
import type { NetworkPlan, PlannedHost, PlannedInterface } from './plan/plan.js';

/**
 * An interface's addresses: IPv4, then IPv6 with the link-local address of its MAC (neighbour
 * discovery on a router's behalf, and OSPFv3, need one; the kernel makes none: addrgenmode none).
 */
function addressesOf(i: PlannedInterface): string[] {
  const v6 = i.address6 === undefined ? [] : [i.address6, `${linkLocalOf(i.mac)}/64`];
  return [...(i.address === undefined ? [] : [i.address]), ...v6];
}

/**
 * Addresses, links up and routes inside one host: everything the first time (`fresh`, which also
 * turns forwarding on for a router), else its new interfaces and all its routes anew.
 */
export function hostConfig(
  netns: string,
  host: PlannedHost,
  added: readonly PlannedInterface[],
  fresh: boolean,
): HostConfig {
  return {
    netns,
    fresh,
    interfaces: added.map((i) => ({ name: i.name, addresses: addressesOf(i) })),
    routes: host.routes.map((r) => ({ to: r.to, via: r.via })),
    forward: fresh && host.forwards,
  };
}

/**
 * The hosts' /etc/gai.conf: RFC 6724's policy table, under which a name with both an IPv4 and a ULA
 * address is reached over IPv4 first (glibc's built-in table is RFC 3484's, which puts any IPv6
 * first), as on a real dual-stack LAN numbered from a ULA. `ping -6 name` takes the IPv6 address.
 */
const GAI_CONF = `${[
  ['::1/128', 0, 50],
  ['::/0', 1, 40],
  ['::ffff:0:0/96', 4, 35],
  ['2002::/16', 2, 30],
  ['2001::/32', 5, 5],
  ['fc00::/7', 13, 3],
  ['::/96', 3, 1],
  ['fec0::/10', 11, 1],
  ['3ffe::/16', 12, 1],
]
  .flatMap(([prefix, label, precedence]) => [`label ${prefix} ${label}`, `precedence ${prefix} ${precedence}`])
  .join('\n')}\n`;

export class HostStacks {
  readonly hostsFile = `${RUN_DIR}/${process.pid}/hosts`;
  /** What every host's /etc/netns/<namespace> links to: its `hosts` is the hosts file, beside gai.conf. */
  private readonly etc = `${RUN_DIR}/${process.pid}/etc`;

  constructor(readonly namespaceOf: (hostId: string) => string) {}

  /** The (empty) hosts file the namespaces' /etc/hosts point to. */
  prepare(): void {
    mkdirSync(this.etc, { recursive: true });
    mkdirSync('/etc/netns', { recursive: true });
    writeFileSync(this.hostsFile, '');
    rmSync(`${this.etc}/hosts`, { force: true });
    symlinkSync(this.hostsFile, `${this.etc}/hosts`);
    writeFileSync(`${this.etc}/gai.conf`, GAI_CONF);
  }

  /** Creates the added hosts' namespaces, each seeing the shared hosts file. */
  async addNamespaces(diff: NetworkDiff): Promise<string[]> {
    const added = diff.addedHosts.map((h) => this.namespaceOf(h.id));
    if (added.length === 0) return added;
    // One link a host, not a directory and a link: each is a new inode (/etc is on disk, up to
    // milliseconds each in a large /etc/netns). Made by the thread pool while the addon makes the
    // namespaces; both settle before either's failure is told, so a teardown finds every link.
    const settled = await Promise.allSettled([
      createNamespaces(added),
      ...added.map((ns) => symlink(this.etc, `/etc/netns/${ns}`)),
    ]);
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return added;
  }

  /** Addresses, links up and routes of new interfaces and rerouted hosts; forwarding on new routers. */
  async configure(diff: NetworkDiff, desired: NetworkPlan): Promise<void> {
    const byHost = new Map<string, PlannedInterface[]>();
    for (const i of diff.addedInterfaces) byHost.set(i.node, [...(byHost.get(i.node) ?? []), i]);
    const fresh = new Set(diff.addedHosts.map((h) => h.id));
    const configure = [...new Set([...fresh, ...diff.reroutedHosts.map((h) => h.id), ...byHost.keys()])];
    await configureHosts(
      configure.map((id) =>
        hostConfig(
          this.namespaceOf(id),
          must(desired.hosts.get(id), `host ${id}`),
          byHost.get(id) ?? [],
          fresh.has(id),
        ),
      ),
    );
    if (diff.hostsFile !== undefined) writeFileSync(this.hostsFile, diff.hostsFile);
  }
}
