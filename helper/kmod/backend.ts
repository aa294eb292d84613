/**
 * The backend over vnet.ko: every segment and every port is a module
 * object made through /dev/vnet, ports sitting directly in the hosts'
 * namespaces (no fabric namespace, no veth pairs, no qdiscs). Objects die
 * with this process's descriptor, so even SIGKILL takes the data path down;
 * the namespaces go with the lifecycle watchdog as for netns.
 */
import type { LinkParamName } from '../../common/protocol/helper.js';
import { openVnet, vnetStatsLayout, type VnetDevice, type VnetId, type VnetOp } from '../../native/index.js';
import type { Backend, PortCounters } from '../backend.js';
import { namespacePrefix, teardown, writeRecord } from '../lifecycle.js';
import { must } from '../must.js';
import type { NetworkDiff } from '../plan/diff.js';
import { emulationAt, type NetworkPlan, type PlannedLink } from '../plan/plan.js';
import { DIRECTIONS, everyEmulatedParam } from '../../common/topology/link-params.js';
import type { DropRule } from '../faults/nft.js';
import { HostStacks } from '../stack.js';
import { partitionTable } from './partitions.js';
import { portCounters } from './port-counters.js';
import { jitterClamped, shapeOf } from './shape.js';

/** The module emulates every parameter itself. */
export const KMOD_PARAMS: Record<LinkParamName, boolean> = everyEmulatedParam(true);

export class KmodBackend implements Backend {
  readonly name = 'kmod';
  readonly params = KMOD_PARAMS;
  private readonly prefix = namespacePrefix();
  private readonly stacks = new HostStacks((hostId) => this.namespaceOf(hostId));
  private readonly startedAt = Date.now();
  private device?: VnetDevice;
  /** Module object ids: segments by segment key, ports by interface key. */
  private readonly segments = new Map<string, number>();
  private readonly ports = new Map<string, number>();
  private readonly hosts = new Set<string>();

  constructor(private readonly devicePath = '/dev/vnet') {}

  namespaceOf(hostId: string): string {
    return `${this.prefix}-${hostId}`;
  }

  private open(): VnetDevice {
    if (!this.device) {
      this.device = openVnet(this.devicePath);
      this.stacks.prepare();
      this.record();
    }
    return this.device;
  }

  private record(): void {
    const namespaces = [...this.hosts].map((h) => this.namespaceOf(h));
    writeRecord({ pid: process.pid, backend: this.name, startedAt: this.startedAt, namespaces });
  }

  async apply(diff: NetworkDiff, desired: NetworkPlan): Promise<string[]> {
    const device = this.open();
    await this.remove(device, diff);
    if ((await this.stacks.addNamespaces(diff)).length) {
      for (const h of diff.addedHosts) this.hosts.add(h.id);
      this.record();
    }
    await this.add(device, diff);
    await this.stacks.configure(diff, desired);
    return diff.linkParams.flatMap((l) =>
      DIRECTIONS.filter((d) => jitterClamped(l.directions[d])).map(
        (d) => `link ${l.id} (${d}): jitter clamped to the delay (${l.directions[d].delayMs} ms)`,
      ),
    );
  }

  /** Ports first (a segment goes once it is empty), then the removed hosts' namespaces. */
  private async remove(device: VnetDevice, diff: NetworkDiff): Promise<void> {
    const gone = [...diff.removedInterfaces, ...diff.removedHosts.flatMap((h) => h.interfaces)];
    const ops: VnetOp[] = [];
    for (const i of gone) {
      const id = this.ports.get(i.key);
      if (id !== undefined) ops.push({ op: 'portDel', id });
      this.ports.delete(i.key);
    }
    for (const s of diff.removedSegments) {
      const id = this.segments.get(s.key);
      if (id !== undefined) ops.push({ op: 'segmentDel', id });
      this.segments.delete(s.key);
    }
    if (ops.length) await device.batch(ops);
    if (diff.removedHosts.length) {
      await teardown(diff.removedHosts.map((h) => this.namespaceOf(h.id)));
      for (const h of diff.removedHosts) this.hosts.delete(h.id);
      this.record();
    }
  }

  /** One batch: new segments, new ports on them (by reference), emulation of changed links. */
  private async add(device: VnetDevice, diff: NetworkDiff): Promise<void> {
    const ops: VnetOp[] = [];
    const newSegments = new Map<string, VnetId>();
    const newPorts = new Map<string, VnetId>();
    for (const s of diff.addedSegments) {
      newSegments.set(s.key, { ref: ops.length });
      ops.push({ op: 'segmentAdd', kind: s.kind });
    }
    for (const i of diff.addedInterfaces) {
      const segment = newSegments.get(i.segment) ?? must(this.segments.get(i.segment), `segment ${i.segment}`);
      newPorts.set(i.key, { ref: ops.length });
      ops.push({ op: 'portAdd', segment, netns: this.namespaceOf(i.node), ifname: i.name, mac: i.mac });
    }
    const portOf = (key: string): VnetId => newPorts.get(key) ?? must(this.ports.get(key), `port of ${key}`);
    for (const link of diff.linkParams) ops.push(...this.shapeOps(link, portOf));
    if (ops.length === 0) return;
    const ids = await this.oneBatch(ops);
    const resolve = (id: VnetId) => (typeof id === 'number' ? id : must(ids[id.ref], `result of operation ${id.ref}`));
    for (const [key, id] of newSegments) this.segments.set(key, resolve(id));
    for (const [key, id] of newPorts) this.ports.set(key, resolve(id));
  }

  /**
   * Each direction once: a frame passes its sender's egress, then its receiver's ingress. A link between
   * two hosts shapes both egresses (each with what its side sends); a link to a switch has one port,
   * whose ingress also takes what its host receives.
   */
  private shapeOps(link: PlannedLink, portOf: (key: string) => VnetId): VnetOp[] {
    return link.interfaces.map((key) => {
      const { sends, receives } = emulationAt(link, key);
      const egress = shapeOf(sends);
      if (link.interfaces.length === 1) return { op: 'portSet', id: portOf(key), egress, ingress: shapeOf(receives) };
      return { op: 'portSet', id: portOf(key), egress };
    });
  }

  /**
   * One table in the module replaces the whole previous one (no rules: none, healed): the sender's port
   * drops a cut packet, by its end-to-end addresses, so a router in a group passes nothing across.
   */
  async setPartitions(rules: readonly DropRule[]): Promise<void> {
    await this.open().setPartitions(partitionTable(rules));
  }

  /** Pulls (up false) or plugs in the cables of interfaces (keys as in this.ports), in one all-or-nothing batch. */
  async setCarrier(keys: readonly string[], up: boolean): Promise<void> {
    await this.portStates(keys.map((key) => ({ key, carrier: up })));
  }

  /**
   * A port seeds its two generators (egress, ingress) alike. Between two hosts each port shapes only what
   * it sends, so each direction has its own seed; on a link to a switch the one port's ingress generator
   * (what its host receives) starts from the seed of the direction the host sends.
   */
  async reseed(seeds: ReadonlyMap<string, number>): Promise<void> {
    await this.portStates([...seeds].map(([key, seed]) => ({ key, seed })));
  }

  /** Port state of interfaces (keys as in this.ports) in one all-or-nothing batch. */
  private async portStates(states: readonly { key: string; carrier?: boolean; seed?: number }[]): Promise<void> {
    const ops: VnetOp[] = states.map(({ key, ...state }) => ({
      op: 'portState',
      id: must(this.ports.get(key), `port of ${key}`),
      ...state,
    }));
    if (ops.length) await this.oneBatch(ops);
  }

  /** Operations applied all or none: more than the module takes at once is refused before any is sent. */
  private oneBatch(ops: VnetOp[]): Promise<number[]> {
    const device = this.open();
    if (ops.length > device.maxBatchOps)
      throw new Error(`this change needs ${ops.length} module operations, more than one batch holds (${device.maxBatchOps})`);
    return device.batch(ops);
  }

  async counters(): Promise<Map<string, PortCounters>> {
    if (!this.device || this.ports.size === 0) return new Map();
    const rows = await this.device.stats([...this.ports.values()]);
    return portCounters(vnetStatsLayout(), [...this.ports.keys()], rows);
  }

  async stop(): Promise<void> {
    this.device?.close();
    this.device = undefined;
    await teardown();
    for (const state of [this.segments, this.ports, this.hosts]) state.clear();
  }
}
