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
import { RUN_DIR } from './lifecycle.js';
import type { NetworkDiff } from './plan/diff.js';
import type { NetworkPlan, PlannedHost, PlannedInterface } from './plan/plan.js';

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
    interfaces: added.map((i) => ({ name: i.name, address: i.address })),
    routes: host.routes.map((r) => ({ to: r.to, via: r.via })),
    forward: fresh && host.forwards,
  };
}

export class HostStacks {
  readonly hostsFile = `${RUN_DIR}/${process.pid}/hosts`;
  /** What every host's /etc/netns/<namespace> links to: its `hosts` is the hosts file. */
  private readonly etc = `${RUN_DIR}/${process.pid}/etc`;

  constructor(readonly namespaceOf: (hostId: string) => string) {}

  /** The (empty) hosts file the namespaces' /etc/hosts point to. */
  prepare(): void {
    mkdirSync(this.etc, { recursive: true });
    mkdirSync('/etc/netns', { recursive: true });
    writeFileSync(this.hostsFile, '');
    rmSync(`${this.etc}/hosts`, { force: true });
    symlinkSync(this.hostsFile, `${this.etc}/hosts`);
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
