/** The kernel module's /dev/vnet: batches of operations and port counters (native/src/vnetdev.c, vnet_batch.c). */
import { binding } from './binding.js';
import { VnetCapture } from './capture.js';

/** An id in a batch: a known object id, or `{ ref: i }` for the object created by operation i of the same batch. */
export type VnetId = number | { ref: number };

export type VnetSegmentKind = 'p2p' | 'hub' | 'switch';

/** Emulation of one direction of a port; omitted fields are 0 (delay, rate, loss and dup all 0: no emulation, fast path, whatever limitPkts says). */
export interface VnetShape {
  delayNs?: number;
  /** Uniform in [-jitter, +jitter], at most delayNs. */
  jitterNs?: number;
  /** 0: unlimited. */
  rateBps?: number;
  /** Parts per million dropped (1e6 = all). */
  lossPpm?: number;
  dupPpm?: number;
  /** Queue length in packets; 0: the module's default (1000). */
  limitPkts?: number;
}

export type VnetOp =
  | { op: 'segmentAdd'; kind: VnetSegmentKind; /** switch MAC ageing; 0/omitted: 300 s */ ageingMs?: number }
  | { op: 'segmentDel'; id: VnetId }
  | {
      op: 'portAdd';
      segment: VnetId;
      /** Namespace name under /run/netns (opened by the addon); null: the helper's own namespace. */
      netns: string | null;
      ifname: string;
      /** "02:00:00:00:00:01"; omitted: random locally administered. */
      mac?: string;
      /** Omitted: 1500. */
      mtu?: number;
    }
  | { op: 'portDel'; id: VnetId }
  /** Sets the given directions; an omitted direction is left as it is. */
  | { op: 'portSet'; id: VnetId; egress?: VnetShape; ingress?: VnetShape }
  /**
   * A port's cable and random generator (VNET_IOC_PORT_STATE); what is omitted is left as it is, one is needed.
   * carrier false pulls the cable (NO-CARRIER at the port, and at the other end of a p2p segment; addresses and
   * routes stay), true plugs it in again. seed (a safe integer) makes the port's loss, duplication and jitter
   * decisions reproducible from then on; 0: random again.
   */
  | { op: 'portState'; id: VnetId; carrier?: boolean; seed?: number }
  /** Joins two segments (switch to switch); a loop is refused with ELOOP. */
  | { op: 'linkAdd'; a: VnetId; b: VnetId }
  | { op: 'linkDel'; id: VnetId }
  /** A link's emulation, as portSet's: ab = what segment a sends to b, ba = back; an omitted direction is left as it is. */
  | { op: 'linkSet'; id: VnetId; ab?: VnetShape; ba?: VnetShape }
  /**
   * A link's cable and random generators, as portState's: carrier false stops everything on the link (the ports on
   * both sides keep their carrier), true carries again.
   */
  | { op: 'linkState'; id: VnetId; carrier?: boolean; seed?: number };

/**
 * A partition table (VNET_IOC_PARTITION): IP packets from an address of group `from` to an address of
 * group `to` are dropped at the sender's port, for each [from, to] in cuts (one way each). Groups are 0 to 63;
 * at most 65536 addresses; addresses in no group are never cut. No addresses: no table (healed). IPv6
 * addresses need a module with vnetFeatures.partition6 (an older one rejects them with EOPNOTSUPP).
 */
export interface VnetPartitionTable {
  /** IPv4 (dotted quad) or IPv6 address → its group. */
  groups: ReadonlyMap<string, number>;
  cuts: readonly (readonly [from: number, to: number])[];
}

export interface VnetPortStats {
  id: number;
  /** Frames delivered to the port's host. */
  rxPackets: number;
  rxBytes: number;
  /** Frames the host sent into the port. */
  txPackets: number;
  txBytes: number;
  /** Frames dropped at this port, by reason (VnetStatsLayout.drops names them). */
  drops: Record<string, number>;
}

/** Where each value sits in a VnetDevice.stats() row, as the addon lays it out (native/src/vnetdev.c). */
export interface VnetStatsLayout {
  /** Values per port. */
  width: number;
  id: number;
  rxPackets: number;
  rxBytes: number;
  txPackets: number;
  txBytes: number;
  /**
   * The column of each drop reason the module counts (uapi enum vnet_drop_reason), by name: loss,
   * queueFull, noCarrier, noDest, partition, prog. A reason added to the uapi gets a column of its own; no other one moves.
   */
  drops: Readonly<Record<string, number>>;
}

export interface VnetDevice {
  /** The module's ABI version (equal to the one this addon was built for). */
  abi: number;
  /** VNET_FEAT_* bits: see vnetFeatures. */
  features: number;
  maxBatchOps: number;
  /**
   * Applies all operations in one ioctl, all or nothing. Resolves to one id per operation (the created
   * object's for adds, 0 otherwise). A failure rejects with the errno code and `failedIndex`.
   */
  batch(ops: VnetOp[]): Promise<number[]>;
  /**
   * Counters of the given ports, in that order, or of every port of this device: one row per port, laid
   * out as vnetStatsLayout() says (vnetPortStats() names them). Rows, not objects: streaming reads
   * thousands of ports.
   */
  stats(portIds?: number[]): Promise<Float64Array>;
  /** Replaces the partition table in one ioctl, atomically; a refused table leaves the old one in force. */
  setPartitions(table: VnetPartitionTable): Promise<void>;
  /** Captures frames of ports (VNET_IOC_CAPTURE): closing the capture ends it. */
  capture(request: VnetCaptureRequest): Promise<VnetCapture>;
  /**
   * Attaches a program to directions of a port or a link, replacing theirs in one step, or detaches (fd -1)
   * (VNET_IOC_PROG, feature vnetFeatures.prog). The module holds the program: the caller may close fd once
   * this resolves. Rejects with the module's errno as `code` and a message naming the refusal.
   */
  prog(request: VnetProgRequest): Promise<void>;
  /** Closes /dev/vnet: the module removes everything created through it. */
  close(): void;
}

/** The layout of VnetDevice.stats() rows, from the addon. */
export function vnetStatsLayout(): VnetStatsLayout {
  return binding().vnetStatsLayout;
}

/** Names the values of VnetDevice.stats() rows. */
export function vnetPortStats(rows: Float64Array): VnetPortStats[] {
  const layout = vnetStatsLayout();
  return Array.from({ length: Math.floor(rows.length / layout.width) }, (_, port) => {
    const value = (column: number): number => rows[port * layout.width + column] ?? 0;
    return {
      id: value(layout.id),
      rxPackets: value(layout.rxPackets),
      rxBytes: value(layout.rxBytes),
      txPackets: value(layout.txPackets),
      txBytes: value(layout.txBytes),
      drops: Object.fromEntries(Object.entries(layout.drops).map(([reason, column]) => [reason, value(column)])),
    };
  });
}

/**
 * Where on a port's way a capture sees frames: VNET_POINT_* of the uapi header (masks in a request);
 * lost and gone are records only: no frame, only losses told late, and a port deleted.
 */
export const vnetCapturePoints = {
  before: 1 << 0,
  after: 1 << 1,
  dropped: 1 << 2,
  lost: 1 << 6,
  gone: 1 << 7,
} as const;
/** A port's directions, VNET_DIR_*: egress is what its host sends. */
export const vnetDirs = { egress: 1 << 0, ingress: 1 << 1 } as const;
/** A link's directions, VNET_DIR_AB/BA: ab is what segment a sends to segment b. */
export const vnetLinkDirs = { ab: 1 << 0, ba: 1 << 1 } as const;

/**
 * VNET_IOC_CAPTURE's request (kmod/include/uapi/linux/vnet.h documents each field and its limits):
 * `points` and `dirs` are masks of vnetCapturePoints and vnetDirs; `program` is classic BPF as
 * `tcpdump -ddd` prints it, flattened (code, jt, jf, k each).
 */
export interface VnetCaptureRequest {
  ports: number[];
  points: number;
  dirs: number;
  program: readonly number[];
  snaplen: number;
  ringBytes: number;
}

/**
 * VNET_IOC_PROG's request (kmod/include/uapi/linux/vnet.h documents where the program runs, what it sees and
 * what its verdict does): `dirs` is a mask of vnetDirs for a port, of vnetLinkDirs for a link, not empty; `fd`
 * a descriptor of a BPF_PROG_TYPE_SCHED_CLS program (as BPF_PROG_LOAD returns it), -1 to detach.
 */
export interface VnetProgRequest {
  kind: 'port' | 'link';
  id: number;
  dirs: number;
  fd: number;
}

/** The module's drop reasons in the uapi's order (enum vnet_drop_reason), named as its counter columns. */
export function vnetDropReasons(): string[] {
  return Object.entries(vnetStatsLayout().drops)
    .sort(([, x], [, y]) => x - y)
    .map(([name]) => name);
}

/** Feature bits of VnetDevice.features (mirrors VNET_FEAT_* of the uapi header). */
export const vnetFeatures = {
  shaping: 1 << 0,
  batch: 1 << 1,
  links: 1 << 2,
  statsAll: 1 << 3,
  portState: 1 << 4,
  linkShaping: 1 << 5,
  partition: 1 << 6,
  capture: 1 << 7,
  prog: 1 << 8,
  partition6: 1 << 9,
} as const;

/** Limits of the module that no handshake reports (mirrors the uapi header). */
export const vnetLimits = {
  /** VNET_LINK_MAX_HOPS: links between segments a frame crosses at most. */
  linkMaxHops: 32,
} as const;

/** Errors carrying the failed operation's index of a batch. */
export interface VnetBatchError extends Error {
  code: string;
  failedIndex: number;
}

/** Opens the module's device and checks its ABI ("vnet.ko speaks ABI 3, this vnet needs 2" on a mismatch). */
export function openVnet(path = '/dev/vnet'): VnetDevice {
  const native = binding();
  const device = native.vnetOpen(path);
  return {
    abi: device.abi,
    features: device.features,
    maxBatchOps: device.maxBatchOps,
    batch: async (ops) => native.vnetBatch(device.handle, ops),
    stats: async (portIds) => native.vnetStats(device.handle, portIds),
    setPartitions: async ({ groups, cuts }) =>
      native.vnetPartition(device.handle, [...groups.keys()], [...groups.values()], cuts.flat()),
    capture: async ({ ports, points, dirs, program, snaplen, ringBytes }) =>
      VnetCapture.adopt(
        await native.vnetCaptureOpen(device.handle, ports, points, dirs, [...program], snaplen, ringBytes),
        snaplen,
      ),
    prog: async (request) => native.vnetProg(device.handle, request),
    close: () => native.vnetClose(device.handle),
  };
}
