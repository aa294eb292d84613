/**
 * The helper's wire protocol: line-delimited JSON-RPC 2.0 over stdin/stdout.
 * Request params are zod schemas because the helper validates every request;
 * results and notifications are types because only our own code sends them.
 */
import { z } from 'zod';
import { captureStartSchema } from '../capture/targets.js';
import { checkSchema, type CheckOutcome } from '../checks/schema.js';
import { EMULATED_PARAM_NAMES, type Direction, type EmulatedParamName } from '../topology/link-params.js';
import { linkSchema, nodeSchema, topologySchema, type Topology } from '../topology/schema.js';

export const BACKENDS = ['kmod', 'netns'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** The link parameters a backend reports support for (common/topology/link-params.ts lists them all). */
export const LINK_PARAM_NAMES = EMULATED_PARAM_NAMES;
export type LinkParamName = EmulatedParamName;

const hostId = z.string().min(1);
const nodeRef = z.string().min(1, 'must name a node');
const pid = z.number().int().positive();
/** Counts accepted changes of the running document; a patch names the one it was made against. */
const revision = z.number().int().min(0);

export const requestParams = {
  /** Version, chosen backend and what each backend can do on this machine. */
  'helper.version': z.strictObject({}),
  /**
   * Builds the topology (start) or brings the running network in step with it (when running).
   * `directory`: the absolute path of the document's folder, where its links' programs with a relative
   * `file` are, and its routers' relative `frrFile`s (and patches', until the next apply gives another);
   * without it such a file is refused. An `frrFile` is read as the user (one that cannot be is refused,
   * naming the router and the path, nothing built). Programs are loaded before anything is built or changed: a file that is missing or not an
   * eBPF object, a section it does not have, a program of a type other than sched_cls, or one the kernel's
   * verifier refuses is refused (invalidParams, naming the link and direction, the verifier's log whole)
   * and nothing changes.
   */
  'network.apply': z.strictObject({
    topology: topologySchema,
    backend: z.enum(BACKENDS).optional(),
    directory: z.string().startsWith('/', "must be an absolute path (the document's folder)").optional(),
  }),
  /**
   * Changes part of the running document: nodes and links given are added or replace the ones with
   * their id; removeNodes also removes the nodes' links. Refused (staleRevision) unless revision is
   * the running one, so two views never overwrite each other's edits unseen. Applied as network.apply
   * would apply the whole merged document; the answer carries only what changed.
   */
  'network.patch': z.strictObject({
    revision,
    nodes: z.array(nodeSchema).optional(),
    links: z.array(linkSchema).optional(),
    removeNodes: z.array(nodeRef).optional(),
    removeLinks: z.array(z.string().min(1)).optional(),
  }),
  /** The running document and its revision (notRunning when stopped). */
  'network.get': z.strictObject({}),
  /** purge also deletes the network's directory (the hosts' private /run, /tmp, /var/log...). */
  'network.stop': z.strictObject({ purge: z.boolean().default(false) }),
  'network.status': z.strictObject({}),
  /**
   * Drops IP traffic from the nodes of groups[0] to those of groups[1] and, unless oneway, back.
   * Nodes in neither group keep their connectivity, also through routers in a group. Adds to the
   * partitions in force; not part of the document. Groups name hosts and routers of the running
   * network, each node once; anything else is refused (invalidParams) with nothing changed. Over netns
   * it needs the `nft` program (backendUnavailable says so when it is missing); over the module, a
   * module with VNET_FEAT_PARTITION (at most 65536 addresses in partitions, 64 distinct groups).
   */
  'network.partition': z.strictObject({
    groups: z.tuple([z.array(nodeRef).min(1, 'a group needs a node'), z.array(nodeRef).min(1, 'a group needs a node')]),
    oneway: z.boolean().default(false),
  }),
  /**
   * Restarts the random generator of every emulated link direction (loss, duplication, jitter) from a
   * seed derived from `seed`, the link's id and the direction, so the same seed drops the same packets
   * of the same flow whatever order the links were made in. A scenario with a seed calls it first.
   * Only the module draws from per-port generators: the netns backend answers backendUnavailable.
   */
  'network.reseed': z.strictObject({ seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
  /** Removes every partition. */
  'network.heal': z.strictObject({}),
  /**
   * Pulls a stack node's plug: kills every process in it (document processes, execs, terminals) and
   * takes the carrier off both ends of its links (the document keeps them up). Until node.restart,
   * process.exec on it is refused. A switch or hub, an unknown or an already crashed node: invalidParams.
   */
  'node.crash': z.strictObject({ node: nodeRef }),
  /** Plugs it back: its links as the document says, its document processes started again. */
  'node.restart': z.strictObject({ node: nodeRef }),
  /**
   * What a running router routes by now (NodeRouting): its main routing tables of both families, read
   * from its namespace, and, where it runs FRR, its daemons and its protocols' neighbours, asked of its
   * own vtysh. Reads only. notRunning when the network is stopped; noSuchHost for a node the running
   * network has not; invalidParams for a node that is not a router (naming its kind).
   */
  'node.routes': z.strictObject({ node: nodeRef }),
  'process.exec': z.strictObject({
    host: hostId,
    argv: z.array(z.string()).min(1),
    cwd: z.string().optional(),
    env: z.record(z.string(), z.string()).optional(),
    pty: z
      .strictObject({ cols: z.number().int().min(1).max(1000), rows: z.number().int().min(1).max(1000) })
      .optional(),
  }),
  /** Data is base64 so any bytes pass through JSON; eof closes the process's stdin (pipes) after the data. */
  'process.write': z.strictObject({ pid, data: z.base64(), eof: z.boolean().optional() }),
  'process.resize': z.strictObject({
    pid,
    cols: z.number().int().min(1).max(1000),
    rows: z.number().int().min(1).max(1000),
  }),
  'process.signal': z.strictObject({
    pid,
    signal: z.enum(['SIGINT', 'SIGTERM', 'SIGKILL', 'SIGHUP', 'SIGQUIT', 'SIGSTOP', 'SIGCONT']),
  }),
  'process.list': z.strictObject({ host: hostId.optional() }),
  /**
   * Asks the running network questions (common/checks/) and answers each in order. Checks run inside
   * the hosts as process.exec runs commands (the invoking user, the host's namespaces), concurrently,
   * each within its own timeout (`timeout` of a command check, else timeoutMs), and change nothing.
   * A check naming what the network does not have is refused (invalidParams) before any runs.
   */
  'checks.run': z.strictObject({
    checks: z.array(checkSchema).min(1, 'say a check').max(10_000, 'at most 10000 checks at once'),
    /** How long a check that waits (a ping, a connection) waits, ms. */
    timeoutMs: z.number().int().min(100).max(60_000).default(2_000),
  }),
  /**
   * Starts capturing frames of the running network (common/capture/targets.ts documents each field):
   * `capture.packets` notifications then carry them to this session only, until capture.stop, the
   * session's end (a client gone stops its captures), or `capture.ended`. Everything is checked
   * before any socket opens: an unknown link, node or interface (invalidParams, named), a filter that
   * does not compile (invalidParams, with the compiler's reason), a backend that cannot capture
   * (backendUnavailable). The netns backend captures at the fabric's port of each side, so it cannot
   * flag frames dropped by emulation, shows what the side's node sent before loss on the way, and
   * does not show frames lost on the way to it; it has one point (`after`, the default; `before` and
   * `both` are refused, backendUnavailable).
   * Over the module the capture point is inside vnet.ko, at the port of the side's node: what the node
   * sends passes the port's egress emulation, what it receives its ingress emulation (the emulation of
   * a link between two hosts is each sender's egress; of a link to a switch, the host's port both ways).
   * `after` shows a frame leaving that emulation (sent on, or delivered to the node) or, in its place,
   * dropped by it (`drop`: loss, queueFull, noCarrier, partition), so each frame appears once and a
   * frame without loss exactly as tcpdump in the node sees it; `before` shows frames entering it (what
   * the node sent, what arrives for it) and no drop; `both` every frame at both points (`point` says
   * which) and the drops. Frames dropped elsewhere (a link between switches, no destination) are not
   * the port's and are not shown. A module older than this helper cannot capture (backendUnavailable).
   */
  'capture.start': captureStartSchema,
  /** Ends a capture this session started; its last packets come before the answer. */
  'capture.stop': z.strictObject({ capture: z.number().int().positive() }),
  /**
   * Starts (or re-rates) the counter stream; hz 0 stops it. The next `stats` notification is a full one,
   * also when the stream already runs (its rates go on): a view that attaches to a stream asks this way.
   */
  'stats.subscribe': z.strictObject({ hz: z.number().min(0).max(50).default(10) }),
} as const;

export type Method = keyof typeof requestParams;
/** What a client sends (defaults may be left out). */
export type Params<M extends Method> = z.input<(typeof requestParams)[M]>;
/** What a handler receives: parsed, defaults filled in. */
export type ParsedParams<M extends Method> = z.output<(typeof requestParams)[M]>;

export type NetworkState = 'stopped' | 'starting' | 'running' | 'stopping' | 'failed';

export interface BackendSupport {
  available: boolean;
  /** Why it is not available, or which parameters it cannot emulate. */
  reason?: string;
  params: Record<LinkParamName, boolean>;
}

export interface HelperVersion {
  version: string;
  /** Module ABI version when the kmod backend is loaded. */
  abi?: number;
  backends: Record<BackendName, BackendSupport>;
  /** The backend used by the next start when none is asked for. */
  preferred: BackendName;
}

export interface InterfaceStatus {
  name: string;
  linkId: string;
  /** IPv4 address with prefix (absent on an IPv6-only interface). */
  address?: string;
  /** IPv6 address with prefix (absent on an IPv4-only interface); its link-local address is not listed. */
  address6?: string;
  mac?: string;
}

/** An interface's addresses, IPv4 first: what every view of it shows. */
export function interfaceAddresses(i: { address?: string; address6?: string }): string[] {
  return [i.address, i.address6].filter((a): a is string => a !== undefined);
}

export interface HostStatus {
  namespace: string;
  interfaces: InterfaceStatus[];
}

/** One partition in force: IP traffic from every node of `from` to every node of `to` is dropped. */
export interface Partition {
  from: string[];
  to: string[];
}

/** Faults in force that the document does not hold (a cut link is `up: false` in the document). */
export interface FaultState {
  partitions: Partition[];
  /** Stack nodes crashed and not restarted. */
  crashed: string[];
}

export interface NetworkStatus {
  state: NetworkState;
  backend?: BackendName;
  /** Why the backend was chosen, or why starting failed. */
  reason?: string;
  /** Revision of the running document (0 when stopped). */
  revision: number;
  /** The network's directory (hosts' private directories); kept after a stop until purged. */
  directory?: string;
  faults: FaultState;
  hosts: Record<string, HostStatus>;
}

export const NO_FAULTS: FaultState = Object.freeze({ partitions: [], crashed: [] });

/** The status of a helper with no network (also what a view shows while it has no helper). */
export const STOPPED_STATUS: NetworkStatus = Object.freeze({
  state: 'stopped',
  revision: 0,
  faults: NO_FAULTS,
  hosts: {},
});

/** What an apply or a patch changed, by node and link id. */
export interface ChangeSummary {
  added: string[];
  removed: string[];
  changed: string[];
  /** What was applied only in part, e.g. a link delay this backend cannot emulate here. */
  warnings: string[];
}

export interface ApplyResult extends ChangeSummary {
  status: NetworkStatus;
}

/** A patch's answer: the status delta, not the whole status. */
export interface PatchResult extends ChangeSummary {
  revision: number;
  /** Hosts whose status changed, null for a removed one; the others are as they were. */
  hosts: Record<string, HostStatus | null>;
}

/**
 * One route of a router's main table, one per next hop (a multipath route gives a row per hop). Only
 * unicast routes are listed, and not the link-local fe80::/64 every IPv6 interface has.
 */
export interface LiveRoute {
  family: 4 | 6;
  /** `default`, or the prefix with its length (`10.0.2.0/24`, `fd00:0:0:2::/64`; a host route /32 or /128). */
  destination: string;
  /** The next hop's address (an IPv6 one is often link-local); absent when the destination is on `device`. */
  via?: string;
  /** The interface the route leaves by. */
  device: string;
  /** Who made it, as the kernel names it: `kernel` (an interface's subnet), `static` (vnet's), `ospf`, `bgp`... */
  protocol: string;
  /** Its cost among routes to the same destination, lower wins (absent where the kernel keeps none). */
  metric?: number;
}

/** One FRR daemon of a router. */
export interface RouterDaemon {
  /** The program: zebra, staticd, ospfd, ospf6d, bgpd... */
  name: string;
  /** false between its death and its restart, or for good once it died too often. */
  running: boolean;
  /** Times it died and was started again while the network ran (at most 10 per router, then it stays down). */
  restarts: number;
}

/** The routing protocols whose neighbours are read, by the daemon that speaks each. */
export const NEIGHBOUR_PROTOCOLS = ['ospf', 'ospf6', 'bgp'] as const;
export type NeighbourProtocol = (typeof NEIGHBOUR_PROTOCOLS)[number];

/** A router a routing protocol of this one talks to. */
export interface RoutingNeighbour {
  protocol: NeighbourProtocol;
  /** OSPF: the neighbour's router id (`0.0.0.2`); BGP: the peer's address. */
  neighbour: string;
  /** FRR's word for how far the two got: OSPF `Full` (adjacent; `Full/DR` keeps the role), `2-Way`, `Init`...; BGP `Established`, `Active`, `Connect`... */
  state: string;
  /** The router's interface to it (OSPF only). */
  interface?: string;
}

/** node.routes' answer. */
export interface NodeRouting {
  /** IPv4 then IPv6, each in the kernel's order. */
  routes: LiveRoute[];
  /** The daemons its FRR runs, zebra first; empty when it runs no FRR (mode static or none). */
  daemons: RouterDaemon[];
  /** Of the protocols its running daemons speak; a daemon that did not answer adds none. */
  neighbours: RoutingNeighbour[];
}

export interface RunningDocument {
  topology: Topology;
  revision: number;
}

export interface ProcessInfo {
  pid: number;
  host: string;
  argv: string[];
  pty: boolean;
  startedAt: number;
}

/**
 * Why frames were dropped, where a backend tells reasons apart (kmod: the module counts each at the port
 * where it happens; netns knows only a total). Wire order of the reason columns of a CounterTuple.
 */
export const DROP_REASONS = [
  /** Emulated loss: the link's lossPercent. */
  'loss',
  /** The link's queue held queuePackets already (a rate limit backs traffic up into it). */
  'queueFull',
  /** Sent while the link carried nothing: cut (up: false) or its node crashed. */
  'noCarrier',
  /** No member of the link or switch to deliver to, or it went away while the frame waited. */
  'noDest',
  /** IP traffic between partitioned groups, dropped where its sender sent it (network.partition). */
  'partition',
  /** Dropped by a user's program on the link (kmod: its verdict was TC_ACT_SHOT). */
  'prog',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];
export type DropCounts = Record<DropReason, number>;

/** Counts since the interfaces were made; a host sums its interfaces, a link is seen from its `a` end. */
export interface Counters {
  /** Frames received (delivered to the host). */
  rxPackets: number;
  /** Frames the host sent. */
  txPackets: number;
  rxBytes: number;
  txBytes: number;
  /** Frames dropped on the way, every reason together: what every backend knows. */
  drops: number;
  /** The same drops by reason, summing to drops; absent where the backend cannot tell them apart (netns). */
  dropsByReason?: DropCounts;
}

export interface CounterSample extends Counters {
  /** Per-second rates over about the last second (RATE_WINDOW_MS, common/protocol/stats.ts): packets (Pps) and bytes (Bps). */
  rxPps: number;
  txPps: number;
  rxBps: number;
  txBps: number;
}

/** The numeric fields of a CounterSample, in their wire order. */
export const COUNTER_FIELDS = [
  'rxPackets',
  'txPackets',
  'rxBytes',
  'txBytes',
  'drops',
  'rxPps',
  'txPps',
  'rxBps',
  'txBps',
] as const satisfies readonly (keyof CounterSample)[];

type NumbersOf<Names extends readonly string[]> = { -readonly [I in keyof Names]: number };

/**
 * A CounterSample on the wire, no names repeated 2,000 times a tick: its COUNTER_FIELDS in that order,
 * then, where the backend tells drop reasons apart, dropsByReason in DROP_REASONS order.
 */
export type CounterTuple =
  NumbersOf<typeof COUNTER_FIELDS> | [...NumbersOf<typeof COUNTER_FIELDS>, ...NumbersOf<typeof DROP_REASONS>];

/**
 * What the programs of one link's directions hold in their maps (links' `programs`), by direction, then by
 * map name: key → value, read as counters. Keys are the map's keys as numbers (up to 8 bytes, little
 * endian); values a value's first 8 bytes as a number, summed over the CPUs for a per-CPU map. Array and
 * hash maps only, their first 16 entries; maps of the program's global variables (`.bss`, `.data`) are not.
 */
export type LinkProgramCounters = Partial<Record<Direction, Record<string, Record<string, number>>>>;

/** One captured side of a link: one pcapng interface of a capture, in the order capture.start gave them. */
export interface CaptureInterface {
  /** The link's id (pcapng if_name). */
  link: string;
  /** Which end of the link the frames are seen at. */
  side: 'a' | 'b';
  /** The stack node at that end and its interface there, e.g. h1 and eth0. */
  node: string;
  iface: string;
  /** Bytes kept of each frame at most; longer frames are cut (their `length` says how long they were). */
  snaplen: number;
}

export interface CaptureStarted {
  /** Names the capture in capture.packets, capture.ended and capture.stop; unique in this helper. */
  capture: number;
  interfaces: CaptureInterface[];
}

/** One Ethernet frame, as it crossed the captured side. */
export interface CapturedPacket {
  /** Index into CaptureStarted.interfaces. */
  interface: number;
  /** When the kernel saw it: nanoseconds since the epoch, a decimal string (more digits than a double keeps). */
  time: string;
  /** Which way it went on the link (`a>b`: sent by endpoint a), as link parameters name directions. */
  direction: Direction;
  /** Its length on the wire, bytes; more than the data's when the snap length cut it. */
  length: number;
  /** The bytes kept, from the Ethernet header on: base64. */
  data: string;
  /**
   * Present when emulation dropped the frame here (it never reached the other end), with the reason.
   * Only a capture point inside the module can see that; the netns backend never sets it.
   */
  drop?: DropReason;
  /** Where it was seen, only when the capture asked for both points (over the module): before or after emulation. */
  point?: 'before' | 'after';
}

/** What a capture saw, at its end. */
export interface CaptureTotals {
  /** Frames delivered in capture.packets. */
  packets: number;
  /** Frames the capture lost: its reader (or this helper) fell behind and the bounded buffers overflowed. */
  lost: number;
}

export interface Results {
  'helper.version': HelperVersion;
  'network.apply': ApplyResult;
  'network.patch': PatchResult;
  'network.get': RunningDocument;
  'network.stop': NetworkStatus;
  'network.status': NetworkStatus;
  'network.partition': FaultState;
  'network.heal': FaultState;
  'network.reseed': null;
  'node.crash': FaultState;
  'node.restart': FaultState;
  'node.routes': NodeRouting;
  'process.exec': ProcessInfo;
  'process.write': null;
  'process.resize': null;
  'process.signal': null;
  'process.list': ProcessInfo[];
  'stats.subscribe': null;
  'checks.run': CheckOutcome[];
  'capture.start': CaptureStarted;
  'capture.stop': CaptureTotals;
}

export interface Notifications {
  /** Output bytes as base64. */
  'process.output': { pid: number; stream: 'pty' | 'stdout' | 'stderr'; data: string };
  'process.exit': { pid: number; code: number | null; signal: string | null };
  'network.state': NetworkStatus;
  /** The running document changed (an apply or a patch, from any session): views holding an older revision fetch it. */
  'network.changed': { revision: number };
  'network.faults': FaultState;
  /**
   * The counters of every host and link, at the rate stats.subscribe asked. At 10,000 hosts most are
   * idle: a notification lists only what changed since the previous one, and only a full one lists
   * everything. common/protocol/stats.ts folds them into the whole picture.
   */
  stats: {
    /** When the counters were read, in ms since the epoch. */
    time: number;
    /**
     * True: `hosts` and `links` list every host and link (any other is gone). The first after each
     * stats.subscribe, and the first after the network changed. False: they list only the entries that
     * changed since the previous notification; the others keep their last values (rates included, so a
     * rate that falls to zero is sent).
     */
    full: boolean;
    /** By host id: the sum of its interfaces, a CounterTuple (COUNTER_FIELDS, then DROP_REASONS where the backend counts drops by reason). */
    hosts: Record<string, CounterTuple>;
    /** By link id: seen from its `a` end (a trunk's: the end on switch a), a CounterTuple. */
    links: Record<string, CounterTuple>;
    /**
     * What the links' programs hold in their maps, by link id (LinkProgramCounters): every link that runs
     * a program, in full notifications and in one a second. Absent from a full one: no link runs one;
     * from another: as before.
     */
    programs?: Record<string, LinkProgramCounters>;
  };
  /**
   * Frames of one capture, in time order across all its interfaces (and after the previous notification's),
   * every few milliseconds while there are any. `lost` counts frames lost since the capture started,
   * so a reader sees how many are missing wherever it joins.
   */
  'capture.packets': { capture: number; packets: CapturedPacket[]; lost: number };
  /**
   * The capture ended without a capture.stop: the network stopped, or a captured side went away (its
   * link was removed). `reason` says which, for people; no packet of it follows.
   */
  'capture.ended': CaptureTotals & { capture: number; reason: string };
}

export type NotificationName = keyof Notifications;

/** JSON-RPC error codes the helper uses (standard ones, then ours from -32000). */
export const RPC_ERRORS = {
  parse: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
  notRunning: -32001,
  noSuchHost: -32002,
  noSuchProcess: -32003,
  backendUnavailable: -32004,
  /** A patch against a revision that is no longer the running one. */
  staleRevision: -32005,
  /** An apply or patch that changes what the running document's lab locks (common/lab/locks.ts); nothing changed. */
  locked: -32006,
} as const;
