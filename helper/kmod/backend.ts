/**
 * The backend over vnet.ko: every switch or hub, every point-to-point
 * segment and every port is a module object made through /dev/vnet, ports
 * sitting directly in the hosts' namespaces (no fabric namespace, no veth
 * pairs, no qdiscs); a link between two switches is a module link between
 * their segments, with its own emulation and carrier. Objects die with this
 * process's descriptor, so even SIGKILL takes the data path down; the
 * namespaces go with the lifecycle watchdog as for netns.
 */
import type { LinkParamName } from '../../common/protocol/helper.js';
import {
  openVnet,
  vnetFeatures,
  vnetStatsLayout,
  type VnetDevice,
  type VnetId,
  type VnetOp,
} from '../../native/index.js';
import type { Backend, CaptureOptions, CaptureSource, PortReading } from '../backend.js';
import { capturePort } from './capture.js';
import { namespacePrefix, teardown, writeRecord } from '../lifecycle.js';
import { must } from '../must.js';
import type { NetworkDiff } from '../plan/diff.js';
import { emulationAt, type NetworkPlan, type PlannedLink } from '../plan/plan.js';
import { endpointKey } from '../../common/topology/addressing.js';
import { DIRECTIONS, everyEmulatedParam } from '../../common/topology/link-params.js';
import type { DropRule } from '../faults/nft.js';
import { HostStacks } from '../stack.js';
import { partitionTable } from './partitions.js';
import { portCounters } from './port-counters.js';
import { jitterClamped, shapeOf } from './shape.js';
import { checkTrunkReach } from './trunk-reach.js';
import { programRequest } from './programs.js';
import type { ProgramChange } from '../programs/link-programs.js';

/** The module emulates every parameter itself. */
export const KMOD_PARAMS: Record<LinkParamName, boolean> = everyEmulatedParam(true);

export class KmodBackend implements Backend {
  readonly name = 'kmod';
  readonly params = KMOD_PARAMS;
  private readonly prefix = namespacePrefix();
  private readonly stacks = new HostStacks((hostId) => this.namespaceOf(hostId));
  private readonly startedAt = Date.now();
  private device?: VnetDevice;
  /**
   * Module object ids: point-to-point segments by segment key, switches and hubs by node id, ports by
   * interface key, links between switches (trunks) by link id.
   */
  private readonly segments = new Map<string, number>();
  private readonly switches = new Map<string, number>();
  private readonly ports = new Map<string, number>();
  private readonly trunks = new Map<string, number>();
  private readonly hosts = new Set<string>();

  /** `features`: the module's VNET_FEAT_* bits as probed (kmod/option.ts), known before the device is opened. */
  constructor(
    private readonly devicePath = '/dev/vnet',
    private readonly features?: number,
  ) {}

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
    checkTrunkReach([...desired.links.values()].flatMap((l) => (l.trunk ? [l.trunk] : [])));
    this.open(); // without the module nothing is built
    await this.remove(diff);
    if ((await this.stacks.addNamespaces(diff)).length) {
      for (const h of diff.addedHosts) this.hosts.add(h.id);
      this.record();
    }
    await this.add(diff);
    await this.stacks.configure(diff, desired);
    return diff.linkParams.flatMap((l) =>
      DIRECTIONS.filter((d) => jitterClamped(l.directions[d])).map(
        (d) => `link ${l.id} (${d}): jitter clamped to the delay (${l.directions[d].delayMs} ms)`,
      ),
    );
  }

  /**
   * Trunks and ports first (a segment goes once it is empty), in one batch checked like any other, then
   * the removed hosts' namespaces. What the batch removes is forgotten only once it is gone.
   */
  private async remove(diff: NetworkDiff): Promise<void> {
    const gone = [...diff.removedInterfaces, ...diff.removedHosts.flatMap((h) => h.interfaces)];
    const removals = [
      [this.trunks, diff.removedTrunks.map((l) => l.id), 'linkDel'],
      [this.ports, gone.map((i) => i.key), 'portDel'],
      [this.switches, diff.removedSwitches.map((s) => s.id), 'segmentDel'],
      [this.segments, diff.removedSegments.map((s) => s.key), 'segmentDel'],
    ] as const;
    const ops = removals.flatMap(([ids, keys, op]) => idsOf(ids, keys).map((id): VnetOp => ({ op, id })));
    if (ops.length) await this.oneBatch(ops);
    for (const [ids, keys] of removals) for (const key of keys) ids.delete(key);
    if (diff.removedHosts.length) {
      await teardown(diff.removedHosts.map((h) => this.namespaceOf(h.id)));
      for (const h of diff.removedHosts) this.hosts.delete(h.id);
      this.record();
    }
  }

  /**
   * One batch: new switches and point-to-point segments, new ports on them and new trunks between switches
   * (by reference), emulation of changed links, carrier of changed trunks (a cable to a host is pulled at
   * its port, after apply: see setCarrier).
   */
  private async add(diff: NetworkDiff): Promise<void> {
    const { ops, made } = this.addOps(diff);
    if (ops.length === 0) return;
    const ids = await this.oneBatch(ops);
    const record = (from: Map<string, VnetId>, into: Map<string, number>) => {
      for (const [key, id] of from)
        into.set(key, typeof id === 'number' ? id : must(ids[id.ref], `result of operation ${id.ref}`));
    };
    record(made.switches, this.switches);
    record(made.segments, this.segments);
    record(made.ports, this.ports);
    record(made.trunks, this.trunks);
  }

  /** The operations of add(), and the objects they make by key (references to operations). */
  private addOps(diff: NetworkDiff) {
    const ops: VnetOp[] = [];
    const made = {
      switches: new Map<string, VnetId>(),
      segments: new Map<string, VnetId>(),
      ports: new Map<string, VnetId>(),
      trunks: new Map<string, VnetId>(),
    };
    const push = (op: VnetOp): VnetId => ({ ref: ops.push(op) - 1 });
    const known = (mine: Map<string, number>, of: Map<string, VnetId>, what: string) => (key: string) =>
      of.get(key) ?? must(mine.get(key), `${what} ${key}`);
    const switchOf = known(this.switches, made.switches, 'switch');
    const segmentOf = known(this.segments, made.segments, 'segment');
    for (const s of diff.addedSwitches) made.switches.set(s.id, push({ op: 'segmentAdd', kind: s.kind }));
    for (const s of diff.addedSegments.filter((s) => s.kind === 'p2p'))
      made.segments.set(s.key, push({ op: 'segmentAdd', kind: s.kind }));
    for (const i of diff.addedInterfaces) {
      const segment = i.switch ? switchOf(i.switch) : segmentOf(i.segment);
      made.ports.set(i.key, push({ op: 'portAdd', segment, netns: this.namespaceOf(i.node), ifname: i.name, mac: i.mac }));
    }
    for (const link of diff.addedTrunks) {
      const { a, b } = must(link.trunk, `switches of link ${link.id}`);
      made.trunks.set(link.id, push({ op: 'linkAdd', a: switchOf(a), b: switchOf(b) }));
    }
    const portOf = known(this.ports, made.ports, 'port of');
    const trunkOf = known(this.trunks, made.trunks, 'trunk');
    for (const link of diff.linkParams)
      ops.push(...(link.trunk ? [trunkShapeOp(link, trunkOf)] : this.shapeOps(link, portOf)));
    for (const link of diff.carrier.filter((l) => l.trunk))
      ops.push({ op: 'linkState', id: trunkOf(link.id), carrier: link.up });
    return { ops, made };
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
   * (what its host receives) starts from the seed of the direction the host sends. A trunk (key
   * `<link>.a`) is one module link, both of whose generators LINK_STATE seeds alike: from the a>b seed.
   */
  async reseed(seeds: ReadonlyMap<string, number>): Promise<void> {
    const trunkEnds = new Map([...this.trunks].map(([id, vnetId]) => [endpointKey(id, 'a'), vnetId]));
    const ops = [...seeds].map(([key, seed]): VnetOp => {
      const trunk = trunkEnds.get(key);
      if (trunk !== undefined) return { op: 'linkState', id: trunk, seed };
      return { op: 'portState', id: must(this.ports.get(key), `port of ${key}`), seed };
    });
    if (ops.length) await this.oneBatch(ops);
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
    if (ops.some((op) => op.op === 'linkSet' || op.op === 'linkState') && !(device.features & vnetFeatures.linkShaping))
      throw new Error('the loaded vnet module cannot emulate links between switches: load the vnet.ko of this vnet');
    return device.batch(ops);
  }

  /**
   * Known from the module's handshake (VNET_FEAT_PROG), before anything is loaded or built (and without
   * opening the device for a start that this refuses).
   */
  programsUnavailable(): string | undefined {
    if ((this.device?.features ?? this.features ?? this.open().features) & vnetFeatures.prog) return undefined;
    return 'the loaded vnet module cannot run programs on links: load the vnet.ko of this vnet';
  }

  /** One VNET_IOC_PROG a direction: programs.ts says on which port or link, and which way. */
  async setPrograms(changes: readonly ProgramChange[]): Promise<void> {
    const device = this.open();
    for (const change of changes)
      await device.prog(programRequest(change, { ports: this.ports, trunks: this.trunks }));
  }

  /** The port of the interface: capture.ts. */
  openCapture(key: string, options: CaptureOptions): Promise<CaptureSource> {
    return capturePort(this.open(), must(this.ports.get(key), `port of ${key}`), options);
  }

  async counters(): Promise<PortReading> {
    if (!this.device || this.ports.size === 0) return { ports: new Map() };
    const rows = await this.device.stats([...this.ports.values()]);
    return { ports: portCounters(vnetStatsLayout(), [...this.ports.keys()], rows) };
  }

  async stop(): Promise<void> {
    this.device?.close();
    this.device = undefined;
    await teardown();
    for (const state of [this.segments, this.switches, this.ports, this.trunks, this.hosts])
      state.clear();
  }
}

/** A trunk's two directions: a>b is what switch a sends to switch b, the module link's AB (a = segment_a). */
function trunkShapeOp(link: PlannedLink, trunkOf: (id: string) => VnetId): VnetOp {
  return { op: 'linkSet', id: trunkOf(link.id), ab: shapeOf(link.directions['a>b']), ba: shapeOf(link.directions['b>a']) };
}

/** The ids these keys have in @ids (keys it does not have are skipped). */
function idsOf(ids: ReadonlyMap<string, number>, keys: readonly string[]): number[] {
  return keys.flatMap((key) => {
    const id = ids.get(key);
    return id === undefined ? [] : [id];
  });
}

