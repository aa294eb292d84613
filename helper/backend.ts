/**
 * What the helper asks of a backend: bring a plan's difference into the
 * kernel, read counters, tear down. `netns` builds from stock kernel parts;
 * `kmod` drives /dev/vnet.
 */
import {
  LINK_PARAM_NAMES,
  type BackendName,
  type BackendSupport,
  type Counters,
  type LinkParamName,
} from '../common/protocol/helper.js';
import type { CapturePoint } from '../common/capture/targets.js';
import type { LinkParams } from '../common/topology/index.js';
import { fieldOf, type Direction } from '../common/topology/link-params.js';
import type { CaptureReader } from '../native/index.js';
import type { DropRule } from './faults/nft.js';
import type { NetworkDiff } from './plan/diff.js';
import type { NetworkPlan } from './plan/plan.js';
import type { ProgramChange } from './programs/link-programs.js';

/** An interface's counters, seen from its host: drops by reason only where the backend tells them apart. */
export type PortCounters = Counters;

/** One read of a backend's counters. */
export interface PortReading {
  /**
   * Counters of every interface, keyed by interface key (`<linkId>.<side>`), seen from the host; of
   * every trunk where the backend counts them, keyed `<linkId>.a`, seen from switch a (tx: a>b).
   * A backend may hand back the same map, its numbers updated in place (netns does, so the reader at
   * 10 Hz looks its keys up once), the same keys while its ports stay.
   */
  ports: ReadonlyMap<string, PortCounters>;
  /**
   * Where the backend knows them: the objects of `ports` whose numbers this read changed, and the read's
   * number (one more than the previous read's), so that a reader that missed a read knows these are not
   * all the changes since its own. A reader may then skip every other port: most are idle.
   */
  changed?: { read: number; ports: readonly PortCounters[] };
}

export interface Backend {
  readonly name: BackendName;
  /** Per link parameter: can this backend emulate it here. */
  readonly params: Record<LinkParamName, boolean>;
  /** Applies a diff computed against the plan this backend last applied. Returns warnings. */
  apply(diff: NetworkDiff, desired: NetworkPlan): Promise<string[]>;
  /** Why this backend cannot run links' programs here (checked before any is loaded), or undefined. */
  programsUnavailable(): string | undefined;
  /**
   * Attaches (or replaces, or detaches: program null) each direction's program, after apply built the
   * links: run on every frame of that direction before the link's emulation. A link rebuilt by apply
   * lost its programs with its ports: the changes of a diff's `programs` attach them again.
   */
  setPrograms(changes: readonly ProgramChange[]): Promise<void>;
  /**
   * Carrier of interfaces (keys `<linkId>.<side>`) on or off, as a cable plugged or cut: each host
   * end sees NO-CARRIER while off; addresses and routes stay.
   */
  setCarrier(keys: readonly string[], up: boolean): Promise<void>;
  /** Replaces the partitions in force by these rules (none: every partition healed). */
  setPartitions(rules: readonly DropRule[]): Promise<void>;
  /**
   * Restarts the random generators (loss, duplication, jitter) of these interfaces, each from its seed
   * (interface key → the seed of the direction it sends; faults/seed.ts), all or none. Absent where the
   * kernel draws from its own random numbers and cannot be seeded.
   */
  reseed?(seeds: ReadonlyMap<string, number>): Promise<void>;
  /** The network namespace (name under /run/netns) of a stack node. */
  namespaceOf(hostId: string): string;
  /**
   * Starts capturing the frames of an interface (key `<linkId>.<side>`), both ways. Rejects with an
   * RpcError (backendUnavailable) what this backend cannot capture.
   */
  openCapture(key: string, options: CaptureOptions): Promise<CaptureSource>;
  /** Every port's counters, valid until the next call (PortReading). */
  counters(): Promise<PortReading>;
  /** Removes everything this backend created. */
  stop(): Promise<void>;
}

export interface CaptureOptions {
  /** Classic BPF, `tcpdump -ddd`'s numbers flattened (helper/capture/filter.ts). */
  program: readonly number[];
  snaplen: number;
  /** Where on the interface's way frames are seen (capture.start documents each). */
  point: CapturePoint;
  /** What the kernel holds for the capture's reader before it drops (and counts) frames. */
  bufferBytes: number;
}

/** The frames of one captured interface. */
export interface CaptureSource {
  reader: CaptureReader;
  /** It sees the interface's frames mirrored (a peer device): what it receives, the interface sent. */
  mirrored: boolean;
}

/** A backend the helper can use on this machine, or why not; made when a network starts. */
export interface BackendOption {
  support: BackendSupport;
  abi?: number;
  create(): Backend;
}

/** Names of link parameters set (not "off") in either direction that the backend cannot emulate. */
export function unsupportedParams(
  params: Record<LinkParamName, boolean>,
  directions: Record<Direction, LinkParams>,
): LinkParamName[] {
  const all = Object.values(directions);
  return LINK_PARAM_NAMES.filter((name) => !params[name] && all.some((v) => v[fieldOf(name)] > 0));
}
