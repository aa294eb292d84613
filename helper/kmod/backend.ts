/**
 * The backend over vnet.ko: every segment and every port is a module
 * object made through /dev/vnet, ports sitting directly in the hosts'
 * namespaces (no fabric namespace, no veth pairs, no qdiscs). Objects die
 * with this process's descriptor, so even SIGKILL takes the data path down;
 * the namespaces go with the lifecycle watchdog as for netns.
 */
import type { LinkParamName } from '../../common/protocol/helper.js';
import { openVnet, VNET_STATS_COLUMNS, type VnetDevice, type VnetId, type VnetOp } from '../../native/index.js';
import type { Backend, PortCounters } from '../backend.js';
import { namespacePrefix, teardown, writeRecord } from '../lifecycle.js';
import { must } from '../must.js';
import type { NetworkDiff } from '../plan/diff.js';
import type { NetworkPlan, PlannedLink } from '../plan/plan.js';
import { HostStacks } from '../stack.js';
import { jitterClamped, shapeOf } from './shape.js';

export const KMOD_PARAMS: Record<LinkParamName, boolean> = {
  delay: true,
  jitter: true,
  loss: true,
  duplicate: true,
  rate: true,
};

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
    return diff.linkParams
      .filter((l) => jitterClamped(l.params))
      .map((l) => `link ${l.id}: jitter clamped to the delay (${l.params.delayMs} ms)`);
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
    if (ops.length > device.maxBatchOps)
      throw new Error(`this change needs ${ops.length} module operations, more than one batch holds (${device.maxBatchOps})`);
    const ids = await device.batch(ops);
    const resolve = (id: VnetId) => (typeof id === 'number' ? id : must(ids[id.ref], `result of operation ${id.ref}`));
    for (const [key, id] of newSegments) this.segments.set(key, resolve(id));
    for (const [key, id] of newPorts) this.ports.set(key, resolve(id));
  }

  /**
   * Each direction once: a frame passes its sender's egress, then its receiver's ingress. A link between
   * two hosts shapes both egresses; a link to a switch has one port, which shapes both its directions.
   */
  private shapeOps(link: PlannedLink, portOf: (key: string) => VnetId): VnetOp[] {
    const shape = shapeOf(link.params);
    if (link.interfaces.length === 1)
      return link.interfaces.map((key) => ({ op: 'portSet', id: portOf(key), egress: shape, ingress: shape }));
    return link.interfaces.map((key) => ({ op: 'portSet', id: portOf(key), egress: shape }));
  }

  /** Pulls (up false) or plugs in the cables of interfaces (keys as in this.ports), in one all-or-nothing batch. */
  async setCarrier(keys: readonly string[], up: boolean): Promise<void> {
    const ops: VnetOp[] = keys.map((key) => ({
      op: 'portState',
      id: must(this.ports.get(key), `port of ${key}`),
      carrier: up,
    }));
    if (ops.length) await this.open().batch(ops);
  }

  async counters(): Promise<Map<string, PortCounters>> {
    const result = new Map<string, PortCounters>();
    if (!this.device || this.ports.size === 0) return result;
    const keys = [...this.ports.keys()];
    const rows = await this.device.stats([...this.ports.values()]);
    // Plain indexing over the rows (id, rx/tx packets and bytes, drops by reason): every port, ten times a second.
    for (let port = 0, row = 0; row + VNET_STATS_COLUMNS <= rows.length; port++, row += VNET_STATS_COLUMNS) {
      const key = keys[port];
      if (key === undefined) continue;
      result.set(key, {
        rxPackets: rows[row + 1] as number,
        rxBytes: rows[row + 2] as number,
        txPackets: rows[row + 3] as number,
        txBytes: rows[row + 4] as number,
        rxDropped: 0,
        // The module counts drops where they happen, mostly on the sender's egress: frames this host sent.
        txDropped: (rows[row + 5] as number) + (rows[row + 6] as number) + (rows[row + 7] as number) + (rows[row + 8] as number),
      });
    }
    return result;
  }

  async stop(): Promise<void> {
    this.device?.close();
    this.device = undefined;
    await teardown();
    for (const state of [this.segments, this.ports, this.hosts]) state.clear();
  }
}
