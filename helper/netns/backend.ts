/**
 * The fallback backend from stock kernel parts (see commands.ts for the
 * layout). Namespaces come from the native addon; links, addresses and
 * routes from one `ip -batch` per namespace; emulation from `tc -batch`.
 */
import { must } from '../must.js';
import { RPC_ERRORS, type LinkParamName } from '../../common/protocol/helper.js';
import type { LinkParams } from '../../common/topology/index.js';
import { endpointKey } from '../../common/topology/addressing.js';
import {
  BpfCounters,
  bpfCountersLayout,
  CaptureSocket,
  CounterSocket,
  createNamespaces,
  linkStats,
  linkStatsLayout,
  setTcProgram,
} from '../../native/index.js';
import type { Direction } from '../../common/topology/link-params.js';
import type { ProgramChange } from '../programs/link-programs.js';
import { bridgeScript, nftInstalled, type DropRule } from '../faults/nft.js';
import { HostStacks } from '../stack.js';
import {
  unsupportedParams,
  type Backend,
  type CaptureOptions,
  type CaptureSource,
  type PortCounters,
  type PortReading,
} from '../backend.js';
import { RpcError } from '../rpc.js';
import { namespacePrefix, teardown, writeRecord } from '../lifecycle.js';
import type { NetworkDiff } from '../plan/diff.js';
import {
  directionSentBy,
  emulationAt,
  type NetworkPlan,
  type PlannedInterface,
  type PlannedLink,
  type Trunk,
} from '../plan/plan.js';
import {
  bridgeLines,
  egressLines,
  lossHooks,
  lossLines,
  needsEgressQdisc,
  portLines,
  PROGRAM_PREF,
  trunkLines,
  type ShapingSupport,
  type TcHook,
} from './commands.js';
import { FabricSwitches, refuseCrowdedSwitches } from './switches.js';
import { portPrefix, REPORTS_FLOODED, reportsScript } from './reports.js';
import type { NetnsProbe } from './probe.js';
import { batch, batchEach, run } from '../run.js';
import { TcSession } from './tc-session.js';

/**
 * The counters handed out, one object per fabric device counted, by ifindex; `mirrored` where the
 * device is a host's port (see counters()). Made once per set of ports and updated in place at every
 * read, so a reader (the stats sampler) looks keys up once and a tick allocates nothing. The same
 * devices as lists for the eBPF counters: their ifindexes, counters objects and a row of totals each,
 * and room for the rows a read changed. `changed` lists the objects the last read changed.
 */
interface Counted {
  byIndex: (PortCounters | undefined)[];
  mirrored: boolean[];
  counters: Map<string, PortCounters>;
  ifindexes: Int32Array;
  listed: PortCounters[];
  totals: Float64Array;
  changedRows: Int32Array;
  changed: PortCounters[];
  /** Every device within the program's reach: else this set of ports is read from the kernel's dump. */
  inReach: boolean;
}

/** How often drops are read from the kernel's dump while the traffic comes from the eBPF counters. */
const DROPS_EVERY_MS = 1000;

/** The fabric port that carries a link's loss filters and programs, and the direction each of its hooks sees. */
interface FabricSide {
  port: string;
  directionAt: Record<TcHook, Direction>;
}

export class NetnsBackend implements Backend {
  readonly name = 'netns';
  readonly params: Record<LinkParamName, boolean>;
  private readonly fabric = namespacePrefix();
  /** Shaping of fabric ports: the namespace with every port, where a fresh tc would list them all each time. */
  private readonly fabricTc = new TcSession(this.fabric);
  private readonly stacks = new HostStacks((hostId) => this.namespaceOf(hostId));
  private readonly ports = new Map<string, string>();
  /** The host end of each port, by interface key: a live edit of one link looks up its ends only. */
  private readonly hostEnds = new Map<string, PlannedInterface>();
  /** Bridges of point-to-point links, by segment key. */
  private readonly bridges = new Map<string, string>();
  private readonly switches = new FabricSwitches((prefix) => this.allocate(prefix));
  /** The two fabric ends of each trunk, by link id: end `a` on switch a. */
  private readonly trunks = new Map<string, Trunk>();
  private readonly hosts = new Set<string>();
  /** `<namespace>/<device>` with a root qdisc of ours; fabric ports with clsact, and their hooks with a loss filter. */
  private readonly qdiscs = new Set<string>();
  private readonly clsact = new Set<string>();
  private readonly lossFilters = new Map<string, TcHook[]>();
  private nextName = 0;
  private started = false;
  /** Whether nft keeps hosts' membership reports off other hosts' ports (reports.ts); else the first apply says so. */
  private readonly reportsFiltered = nftInstalled();
  /**
   * The fabric devices' counters: frames and bytes counted in eBPF, read each tick without a system call,
   * and the kernel's dump for the drops (every DROPS_EVERY_MS) and for everything where the program
   * cannot run (no BTF, an old kernel). `counted` maps devices back (undefined: ports changed since).
   */
  private counterSocket?: CounterSocket;
  private program?: BpfCounters;
  private dumpedAt = -Infinity;
  private counted?: Counted;
  /** Counts changes of the ports, so an index taken across one is not kept. */
  private portsChanged = 0;
  /** Counts reads of the counters (PortReading's changed.read). */
  private reads = 0;

  private readonly support: ShapingSupport;
  private readonly startedAt = Date.now();

  constructor(private readonly probe: NetnsProbe) {
    this.support = probe.shaping;
    this.params = probe.support.params;
  }

  namespaceOf(hostId: string): string {
    return `${this.fabric}-${hostId}`;
  }

  private async start(): Promise<void> {
    this.stacks.prepare();
    await createNamespaces([this.fabric]);
    this.started = true;
    this.counterSocket = CounterSocket.open(this.fabric);
    this.program = countingProgram(this.fabric);
    this.record();
    await batch('ip', this.fabric, ['link set lo up']);
    // tc lists the namespace's links at its first device name: now, while the fabric holds only lo.
    await this.fabricTc.run(['qdisc show dev lo']);
    // The fabric only switches frames: without IPv6 its bridges send nothing of their own (MLD), so counters count hosts' traffic only.
    await run([
      'ip',
      'netns',
      'exec',
      this.fabric,
      'sysctl',
      '-qw',
      ...['all', 'default'].map((c) => `net.ipv6.conf.${c}.disable_ipv6=1`),
    ]);
  }

  private record(): void {
    const namespaces = [this.fabric, ...[...this.hosts].map((h) => this.namespaceOf(h))];
    writeRecord({ pid: process.pid, backend: this.name, startedAt: this.startedAt, namespaces });
  }

  async apply(diff: NetworkDiff, desired: NetworkPlan): Promise<string[]> {
    // Only new ports can crowd a switch: a live edit of parameters does not count them all again.
    if (diff.addedInterfaces.length + diff.addedTrunks.length) refuseCrowdedSwitches(desired);
    const starting = !this.started;
    if (starting) await this.start();
    await this.remove(diff);
    await this.add(diff, desired);
    const { removedInterfaces, addedInterfaces, removedHosts, removedTrunks, addedTrunks } = diff;
    if (
      removedInterfaces.length +
      addedInterfaces.length +
      removedHosts.length +
      removedTrunks.length +
      addedTrunks.length
    ) {
      this.portsChanged++;
      this.counted = undefined;
    }
    await this.shape(diff.linkParams);
    await this.setTrunkCarriers(diff.carrier.filter((l) => l.trunk));
    const warnings = starting && !this.reportsFiltered ? [REPORTS_FLOODED] : [];
    return warnings.concat(
      diff.linkParams.flatMap((link) => {
        const missing = unsupportedParams(this.params, link.directions);
        const why = this.probe.support.reason ?? 'not supported by this kernel';
        return missing.length ? [`link ${link.id}: ${missing.join(', ')} not applied: ${why}`] : [];
      }),
    );
  }

  private async remove(diff: NetworkDiff): Promise<void> {
    const lines: string[] = [];
    for (const link of diff.removedTrunks) {
      const ends = must(this.trunks.get(link.id), `trunk ${link.id}`);
      // Deleting one end of a veth pair deletes the other.
      lines.push(`link del ${ends.a}`);
      for (const end of [ends.a, ends.b]) this.forgetPort(end);
      this.trunks.delete(link.id);
    }
    for (const i of diff.removedInterfaces) {
      lines.push(`link del ${this.ports.get(i.key)}`);
      this.forgetInterface(i);
    }
    for (const s of diff.removedSwitches) lines.push(...this.switches.remove(s.id));
    for (const s of diff.removedSegments) {
      const bridge = this.bridges.get(s.key);
      if (bridge !== undefined) lines.push(`link del ${bridge}`);
      this.bridges.delete(s.key);
    }
    await batch('ip', this.fabric, lines, true);
    if (diff.removedHosts.length) {
      await teardown(diff.removedHosts.map((h) => this.namespaceOf(h.id)));
      for (const h of diff.removedHosts) {
        this.hosts.delete(h.id);
        for (const i of h.interfaces) this.forgetInterface(i);
      }
      this.record();
    }
  }

  /** Forgets what was installed on a fabric device that is gone, and gives its place on a bridge back. */
  private forgetPort(port: string): void {
    for (const set of [this.clsact, this.lossFilters]) set.delete(port);
    this.qdiscs.delete(`${this.fabric}/${port}`);
    this.switches.free(port);
  }

  private forgetInterface(i: PlannedInterface): void {
    const port = this.ports.get(i.key);
    if (port !== undefined) this.forgetPort(port);
    this.qdiscs.delete(`${this.namespaceOf(i.node)}/${i.name}`);
    this.ports.delete(i.key);
    this.hostEnds.delete(i.key);
  }

  private allocate(prefix: string): string {
    return `${prefix}${this.nextName++}`;
  }

  private async add(diff: NetworkDiff, desired: NetworkPlan): Promise<void> {
    if ((await this.stacks.addNamespaces(diff)).length) {
      for (const h of diff.addedHosts) this.hosts.add(h.id);
      this.record();
    }
    const fabricLines: string[] = [];
    const bridgesMade = this.switches.bridgesMade;
    for (const s of diff.addedSegments.filter((s) => s.kind === 'p2p')) {
      const bridge = this.allocate('b');
      this.bridges.set(s.key, bridge);
      fabricLines.push(...bridgeLines(bridge, s.kind));
    }
    for (const s of diff.addedSwitches) fabricLines.push(...this.switches.add(s));
    for (const i of diff.addedInterfaces) {
      const port = this.allocate(portPrefix(i, desired));
      this.ports.set(i.key, port);
      this.hostEnds.set(i.key, i);
      const bridge = this.bridgeFor(port, i, fabricLines);
      fabricLines.push(...portLines(port, bridge, this.namespaceOf(i.node), i));
    }
    for (const link of diff.addedTrunks) {
      const trunk = must(link.trunk, `switches of ${link.id}`);
      const ends = { a: this.allocate('t'), b: this.allocate('t') };
      this.trunks.set(link.id, ends);
      const a = this.switches.place(trunk.a, ends.a);
      const b = this.switches.place(trunk.b, ends.b);
      fabricLines.push(...a.lines, ...b.lines, ...trunkLines(ends, { a: a.bridge, b: b.bridge }));
    }
    await batch('ip', this.fabric, fabricLines);
    // A switch's new bridge (a root, or a leaf for a new port) is seen only by a table made after it.
    if (this.reportsFiltered && this.switches.bridgesMade !== bridgesMade)
      await batch('nft', this.fabric, reportsScript());

    await this.stacks.configure(diff, desired);
  }

  /** The bridge a new port of interface `i` goes on; `lines` gets what must be built first. */
  private bridgeFor(port: string, i: PlannedInterface, lines: string[]): string {
    if (i.switch === undefined) return must(this.bridges.get(i.segment), `bridge of segment ${i.segment}`);
    const place = this.switches.place(i.switch, port);
    lines.push(...place.lines);
    return place.bridge;
  }

  /** A trunk cut: its end on switch a down takes the carrier off the end on switch b. */
  private async setTrunkCarriers(links: readonly PlannedLink[]): Promise<void> {
    const lines = links.map(
      (l) => `link set ${must(this.trunks.get(l.id), `trunk ${l.id}`).a} ${l.up ? 'up' : 'down'}`,
    );
    await batch('ip', this.fabric, lines);
  }

  /**
   * Each direction is emulated once: at the sending host's egress; a link to a switch has one host,
   * so its fabric port's egress takes the other direction; a trunk's direction a>b at its end on
   * switch a, b>a at its end on switch b. Loss without netem is a filter per direction on one fabric
   * port: its ingress is what that host (or switch b) sends, its egress what it receives.
   */
  private async shape(links: readonly PlannedLink[]): Promise<void> {
    const perNamespace = new Map<string, string[]>();
    const push = (ns: string, lines: string[]) => perNamespace.set(ns, [...(perNamespace.get(ns) ?? []), ...lines]);
    const egress = (ns: string, dev: string, params: LinkParams) => {
      const key = `${ns}/${dev}`;
      push(ns, egressLines(dev, params, this.support, this.qdiscs.has(key)));
      if (needsEgressQdisc(params, this.support)) this.qdiscs.add(key);
      else this.qdiscs.delete(key);
    };
    const loss = (port: string, perHook: Record<TcHook, LinkParams>) => {
      const lines = lossLines(port, perHook, this.support, {
        clsact: this.clsact.has(port),
        filters: this.lossFilters.get(port) ?? [],
      });
      push(this.fabric, lines);
      if (lines.some((l) => l.includes('clsact'))) this.clsact.add(port);
      this.lossFilters.set(port, lossHooks(perHook, this.support));
    };
    for (const link of links) {
      const ends = this.trunks.get(link.id);
      if (ends) {
        egress(this.fabric, ends.a, link.directions['a>b']);
        egress(this.fabric, ends.b, link.directions['b>a']);
      }
      for (const key of link.interfaces) {
        const iface = must(this.hostEnds.get(key), `interface ${key}`);
        egress(this.namespaceOf(iface.node), iface.name, emulationAt(link, key).sends);
      }
      const side = this.fabricSide(link);
      if (side === undefined) continue;
      if (link.interfaces.length === 1) egress(this.fabric, side.port, link.directions[side.directionAt.egress]);
      const { ingress, egress: out } = side.directionAt;
      loss(side.port, { ingress: link.directions[ingress], egress: link.directions[out] });
    }
    const hosts = [...perNamespace].filter(([netns]) => netns !== this.fabric);
    await Promise.all([
      this.fabricTc.run(perNamespace.get(this.fabric) ?? []),
      batchEach(
        'tc',
        hosts.map(([netns, lines]) => ({ netns, lines })),
      ),
    ]);
  }

  /**
   * A trunk's end on switch a: its egress is a>b, its ingress b>a. A host's (the first, between two):
   * its ingress what that host sends, its egress what it receives.
   */
  private fabricSide(link: PlannedLink): FabricSide | undefined {
    const ends = this.trunks.get(link.id);
    if (ends) return { port: ends.a, directionAt: { ingress: 'b>a', egress: 'a>b' } };
    const [first] = link.interfaces;
    if (first === undefined) return undefined;
    const sends = directionSentBy(first);
    const port = must(this.ports.get(first), `port of ${first}`);
    return { port, directionAt: { ingress: sends, egress: sends === 'a>b' ? 'b>a' : 'a>b' } };
  }

  /** cls_bpf is built into the kernels vnet runs on. */
  programsUnavailable(): undefined {
    return undefined;
  }

  /**
   * On the hook of the link's fabric port that sees the direction, in direct-action mode, before the loss
   * filter (PROGRAM_PREF): what the program passes (TC_ACT_UNSPEC) meets the link's emulation after it.
   */
  async setPrograms(changes: readonly ProgramChange[]): Promise<void> {
    for (const { link, direction, program } of changes) {
      const side = must(this.fabricSide(link), `fabric port of link ${link.id}`);
      const hook = side.directionAt.ingress === direction ? 'ingress' : 'egress';
      // A port rebuilt without its program has no clsact to detach from.
      if (program === null && !this.clsact.has(side.port)) continue;
      setTcProgram(this.fabric, side.port, hook, PROGRAM_PREF, program);
      this.clsact.add(side.port);
    }
  }

  /** A fabric port taken down takes the carrier off the veth end in the host (NO-CARRIER there). */
  async setCarrier(keys: readonly string[], up: boolean): Promise<void> {
    const state = up ? 'up' : 'down';
    await batch(
      'ip',
      this.fabric,
      keys.map((key) => `link set ${must(this.ports.get(key), `port of ${key}`)} ${state}`),
    );
  }

  /**
   * Every frame between hosts crosses a bridge of the fabric, so one nf_tables table there (bridge
   * family, forward hook) drops a partition's traffic by source and destination address: one nft
   * run for any network size, and forwarded traffic of nodes outside the groups keeps its source.
   */
  async setPartitions(rules: readonly DropRule[]): Promise<void> {
    await batch('nft', this.fabric, bridgeScript(rules));
  }

  /**
   * A packet socket on the interface's fabric port: the peer of the host's end, so it sees the host's
   * frames mirrored, at one point only.
   */
  async openCapture(key: string, { program, snaplen, point, bufferBytes }: CaptureOptions): Promise<CaptureSource> {
    if (point !== 'after')
      throw new RpcError(
        RPC_ERRORS.backendUnavailable,
        `capture point "${point}" needs the module: the netns backend sees frames at one point, its fabric's port`,
      );
    const device = must(this.ports.get(key), `port of ${key}`);
    return { reader: CaptureSocket.open(this.fabric, device, program, snaplen, bufferBytes), mirrored: true };
  }

  /**
   * The same map while the ports stay the same, its numbers updated by each call; the ports that changed
   * where the eBPF counters count (the kernel's dump tells no changes).
   */
  async counters(): Promise<PortReading> {
    if (!this.counterSocket) return { ports: new Map() };
    // Indexed first: a device the read finds is counted only once its key is known.
    const counted = this.counted ?? (await this.indexPorts());
    const fromProgram = this.program !== undefined && counted.inReach;
    counted.changed.length = 0;
    if (fromProgram) this.readProgram(counted);
    const now = Date.now();
    if (!fromProgram || now - this.dumpedAt >= DROPS_EVERY_MS) {
      this.readDump(counted, !fromProgram);
      this.dumpedAt = now;
    }
    const read = ++this.reads;
    return fromProgram
      ? { ports: counted.counters, changed: { read, ports: counted.changed } }
      : { ports: counted.counters };
  }

  /**
   * Frames and bytes from the eBPF counters: the same numbers as the devices' own (they count from the start).
   * Only the rows the read changed are visited: at 10,000 ports most are idle.
   */
  private readProgram({ ifindexes, listed, totals, mirrored, changedRows, changed }: Counted): void {
    const count = must(this.program, 'the counting program').read(ifindexes, totals, changedRows);
    const layout = bpfCountersLayout();
    for (let k = 0; k < count; k++) {
      const i = changedRows[k] as number;
      const c = listed[i] as PortCounters;
      setTraffic(c, totals, i * layout.width, layout, mirrored[ifindexes[i] as number] === true);
      changed.push(c);
    }
  }

  /**
   * Drops from the kernel's dump, with frames and bytes too where the program does not count them. Drop
   * counters have no reasons (loss, queue, carrier are told apart by the module only): a total.
   */
  private readDump({ byIndex, mirrored, changed }: Counted, traffic: boolean): void {
    const rows = must(this.counterSocket, 'the counter socket').read();
    const layout = linkStatsLayout();
    const { width, ifindex, rxDropped, txDropped } = layout;
    for (let row = 0; row + width <= rows.length; row += width) {
      const index = rows[row + ifindex] as number;
      const c = byIndex[index];
      if (c === undefined) continue;
      const drops = (rows[row + rxDropped] as number) + (rows[row + txDropped] as number);
      if (drops !== c.drops) changed.push(c);
      c.drops = drops;
      if (traffic) setTraffic(c, rows, row, layout, mirrored[index] === true);
    }
  }

  /** A counters object per counted fabric device, by its ifindex (the counter socket names links by index only). */
  private async indexPorts(): Promise<Counted> {
    const changes = this.portsChanged;
    const indexes = new Map((await linkStats(this.fabric)).map((s) => [s.name, s.ifindex]));
    const [byIndex, mirrored, counters] = [[] as PortCounters[], [] as boolean[], new Map<string, PortCounters>()];
    const [ifindexes, listed] = [[] as number[], [] as PortCounters[]];
    const add = (key: string, device: string, flip: boolean) => {
      const index = indexes.get(device);
      if (index === undefined) return;
      const c = { rxPackets: 0, txPackets: 0, rxBytes: 0, txBytes: 0, drops: 0 };
      byIndex[index] = c;
      mirrored[index] = flip;
      counters.set(key, c);
      ifindexes.push(index);
      listed.push(c);
    };
    for (const [key, port] of this.ports) add(key, port, true);
    for (const [id, ends] of this.trunks) add(endpointKey(id, 'a'), ends.a, false);
    const reach = this.program?.capacity ?? 0;
    const counted: Counted = {
      byIndex,
      mirrored,
      counters,
      ifindexes: Int32Array.from(ifindexes),
      listed,
      totals: new Float64Array(ifindexes.length * bpfCountersLayout().width),
      changedRows: new Int32Array(ifindexes.length),
      changed: [],
      inReach: ifindexes.every((index) => index < reach),
    };
    // The new objects' drops are read at once.
    this.dumpedAt = -Infinity;
    if (changes === this.portsChanged) this.counted = counted;
    return counted;
  }

  async stop(): Promise<void> {
    // A netlink socket inside the fabric (tc's, ours) would keep the namespace, and its ports, alive.
    await this.fabricTc.close();
    this.counterSocket?.close();
    this.counterSocket = undefined;
    this.program?.close();
    this.program = undefined;
    this.counted = undefined;
    this.portsChanged++;
    await teardown();
    for (const state of [
      this.ports,
      this.hostEnds,
      this.bridges,
      this.switches,
      this.trunks,
      this.hosts,
      this.qdiscs,
      this.clsact,
      this.lossFilters,
    ])
      state.clear();
    this.started = false;
  }
}

/** Where frames and bytes sit in a row of counters, from the kernel's dump or the eBPF counters. */
interface TrafficColumns {
  rxPackets: number;
  txPackets: number;
  rxBytes: number;
  txBytes: number;
}

/**
 * A port's frames and bytes from the row at `at`. A host's fabric port sees the host's traffic mirrored
 * (`flip`): what it receives, the host sent. A trunk's end on switch a sends what a sends. A function of
 * plain indexing, not a closure: it runs for every port ten times a second.
 */
function setTraffic(c: PortCounters, rows: Float64Array, at: number, columns: TrafficColumns, flip: boolean): void {
  c.rxPackets = rows[at + (flip ? columns.txPackets : columns.rxPackets)] as number;
  c.txPackets = rows[at + (flip ? columns.rxPackets : columns.txPackets)] as number;
  c.rxBytes = rows[at + (flip ? columns.txBytes : columns.rxBytes)] as number;
  c.txBytes = rows[at + (flip ? columns.rxBytes : columns.txBytes)] as number;
}

/** The fabric's eBPF counters, or undefined where this kernel cannot run them (the dump counts then). */
function countingProgram(fabric: string): BpfCounters | undefined {
  try {
    return BpfCounters.open(fabric);
  } catch (error) {
    const why = (error as Error).message.split('\n')[0];
    process.stderr.write(`vnet-helper: counters come from the kernel's dump: no eBPF counting here (${why})\n`);
    return undefined;
  }
}
