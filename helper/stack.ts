/**
 * The host side every backend shares: one namespace per stack node with
 * the helper's hosts file as its /etc/hosts, and inside it the addresses,
 * routes and forwarding a plan asks for. Backends differ only in how the
 * interfaces get there (veth pairs, or /dev/vnet ports).
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createNamespaces } from '../native/index.js';
import { must } from './must.js';
import { RUN_DIR } from './lifecycle.js';
import { batchEach, inside, runScript } from './run.js';
import type { NetworkDiff } from './plan/diff.js';
import type { NetworkPlan, PlannedHost, PlannedInterface } from './plan/plan.js';

/** Addresses, links up and routes inside one host (lines for `ip -n <ns> -batch -`). */
export function hostLines(host: PlannedHost, added: readonly PlannedInterface[], firstTime: boolean): string[] {
  const lines = firstTime ? ['link set lo up'] : ['route flush proto static'];
  for (const i of added) {
    lines.push(`link set ${i.name} addrgenmode none`, `addr add ${i.address} dev ${i.name}`, `link set ${i.name} up`);
  }
  for (const r of host.routes) lines.push(`route replace ${r.to} via ${r.via} proto static`);
  return lines;
}

export class HostStacks {
  readonly hostsFile = `${RUN_DIR}/${process.pid}/hosts`;

  constructor(readonly namespaceOf: (hostId: string) => string) {}

  /** The (empty) hosts file the namespaces' /etc/hosts point to. */
  prepare(): void {
    mkdirSync(`${RUN_DIR}/${process.pid}`, { recursive: true });
    writeFileSync(this.hostsFile, '');
  }

  /** Creates the added hosts' namespaces, each seeing the shared hosts file. */
  async addNamespaces(diff: NetworkDiff): Promise<string[]> {
    const added = diff.addedHosts.map((h) => this.namespaceOf(h.id));
    if (added.length === 0) return added;
    await createNamespaces(added);
    for (const ns of added) {
      mkdirSync(`/etc/netns/${ns}`, { recursive: true });
      symlinkSync(this.hostsFile, `/etc/netns/${ns}/hosts`);
    }
    return added;
  }

  /** Addresses, links up and routes of new interfaces and rerouted hosts; forwarding on new routers. */
  async configure(diff: NetworkDiff, desired: NetworkPlan): Promise<void> {
    const byHost = new Map<string, PlannedInterface[]>();
    for (const i of diff.addedInterfaces) byHost.set(i.node, [...(byHost.get(i.node) ?? []), i]);
    const fresh = new Set(diff.addedHosts.map((h) => h.id));
    const configure = [...new Set([...fresh, ...diff.reroutedHosts.map((h) => h.id), ...byHost.keys()])];
    await batchEach(
      'ip',
      configure.map((id) => ({
        netns: this.namespaceOf(id),
        lines: hostLines(must(desired.hosts.get(id), `host ${id}`), byHost.get(id) ?? [], fresh.has(id)),
      })),
    );
    const routers = diff.addedHosts.filter((h) => h.forwards).map((h) => this.namespaceOf(h.id));
    // /proc/sys/net belongs to the reader's network namespace, so entering that one is enough.
    if (routers.length)
      await runScript(routers.map((ns) => `${inside(ns).join(' ')} sysctl -qw net.ipv4.ip_forward=1\n`).join(''));
    if (diff.hostsFile !== undefined) writeFileSync(this.hostsFile, diff.hostsFile);
  }
}
