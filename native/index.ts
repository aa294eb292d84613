/**
 * The typed face of vnet's native addon (native/src/*.c): named network
 * namespaces, programs spawned inside them as a given user, link counters
 * over rtnetlink, and the /dev/vnet ioctl ABI of the kernel module.
 *
 * Errors from the system are JS Errors whose `code` is the errno name
 * ('EEXIST', 'ENOENT', …) and whose message names the object and the reason.
 * Bad arguments throw a TypeError with code 'ERR_INVALID_ARG_VALUE'.
 */
import { closeSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { constants as osConstants } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { Duplex, type Readable, type Writable } from 'node:stream';
import tty from 'node:tty';
import { fileURLToPath } from 'node:url';

const ADDON_FROM_ROOT = join('native', 'build', 'Release', 'vnet_native.node');

// ---------------------------------------------------------------------------
// Public types

export interface SpawnOptions {
  /** Full namespace name under /run/netns, e.g. "vnet-h1". */
  netns: string;
  /** Program and arguments; a program without '/' is searched in env.PATH (default /bin:/usr/bin). */
  argv: string[];
  /** Working directory, entered as the target user; default: the caller's. */
  cwd?: string;
  /** Exactly the child's environment: nothing is inherited. */
  env: Record<string, string>;
  uid: number;
  gid: number;
  /** Supplementary groups (setgroups); [] for none. */
  groups: number[];
  /** With a pty the child gets it as stdin/stdout/stderr and controlling terminal; else three pipes. */
  pty?: { cols: number; rows: number };
  /**
   * The file-system view `ip netns exec` gives: a private mount namespace, /sys showing the namespace's
   * devices, and each file of /etc/netns/<netns>/ bound over its /etc namesake (a per-host /etc/hosts).
   */
  ipNetnsExecMounts?: boolean;
  /** The name uname(2) and `hostname` report, set in a UTS namespace of the process's own (1 to 64 bytes). */
  hostname?: string;
  /**
   * Directories mounted over the machine's in the process's mount namespace (needs ipNetnsExecMounts).
   * Each source is opened beneath directoryFd and each target resolved from / without following any
   * symbolic link. As the user can write there what setuid programs trust (/run, /etc/...), the process
   * and its children run with no_new_privs: setuid and file capabilities no longer raise privileges.
   */
  privateDirs?: { directoryFd: number; mounts: PrivateMount[] };
}

export interface PrivateMount {
  /** Relative to privateDirs.directoryFd, e.g. "h1/run". */
  source: string;
  /** Absolute, e.g. "/run". */
  target: string;
}

/** A directory to make beneath a directory descriptor: relative path, exact mode (e.g. 0o1777 for a /tmp). */
export interface DirectoryEntry {
  path: string;
  mode: number;
}

export interface ExitStatus {
  /** Exit code, or null when a signal ended the process. */
  code: number | null;
  /** Name of the signal that ended it ('SIGKILL'), or null. */
  signal: string | null;
}

export interface SpawnedProcess {
  pid: number;
  /** The pty master (with `pty`): write keystrokes, read output; ends when the last slave closes. */
  pty?: Duplex;
  stdin?: Writable;
  stdout?: Readable;
  stderr?: Readable;
  /** Settles once the process has ended and been reaped (its streams may still hold unread output). */
  exited: Promise<ExitStatus>;
  /** Sets the pty window size (SIGWINCH to the foreground group); throws without a pty. */
  resize(cols: number, rows: number): void;
  /** Sends a signal through the process's pidfd (never a recycled pid); no-op once it has exited. */
  kill(signal?: NodeJS.Signals | number): void;
}

export interface LinkStats {
  ifindex: number;
  name: string;
  rxPackets: number;
  txPackets: number;
  rxBytes: number;
  txBytes: number;
  rxDropped: number;
  txDropped: number;
  rxErrors: number;
  txErrors: number;
}

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
  | { op: 'linkDel'; id: VnetId };

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
   * queueFull, noCarrier, noDest. A reason added to the uapi gets a column of its own; no other one moves.
   */
  drops: Readonly<Record<string, number>>;
}

/** Where each value sits in a row of link counters (linkStats, CounterSocket): native/src/rtnl_stats.h. */
export type LinkStatsLayout = { width: number } & Record<Exclude<keyof LinkStats, 'name'>, number>;

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

/** Feature bits of VnetDevice.features (mirrors VNET_FEAT_* of the uapi header). */
export const vnetFeatures = {
  shaping: 1 << 0,
  batch: 1 << 1,
  links: 1 << 2,
  statsAll: 1 << 3,
  portState: 1 << 4,
} as const;

/** Errors carrying the failed operation's index of a batch. */
export interface VnetBatchError extends Error {
  code: string;
  failedIndex: number;
}

// ---------------------------------------------------------------------------
// The binding

interface NativeChild {
  pid: number;
  handle: unknown;
  ptyFd?: number;
  stdinFd?: number;
  stdoutFd?: number;
  stderrFd?: number;
}

interface NativeVnet {
  handle: unknown;
  abi: number;
  features: number;
  maxBatchOps: number;
}

interface NativeBinding {
  createNamespaces(names: string[]): Promise<void>;
  deleteNamespaces(names: string[]): Promise<void>;
  openOwnedDirectory(trusted: string, path: string, uid: number, gid: number): number;
  makeDirectories(dirFd: number, where: string, directories: DirectoryEntry[], uid: number, gid: number): Promise<void>;
  emptyDirectories(dirFd: number, where: string, paths: string[]): Promise<void>;
  spawn(
    options: Omit<SpawnOptions, 'env' | 'privateDirs'> & {
      env: string[];
      privateDirs?: { directoryFd: number; sources: string[]; targets: string[] };
    },
    onExit: (code: number | null, signal: string | null) => void,
  ): NativeChild;
  signalProcess(handle: unknown, signal: number): void;
  resizePty(fd: number, cols: number, rows: number): void;
  linkStats(netns?: string): Promise<{ names: string[]; rows: Float64Array }>;
  counterSocketOpen(netns: string): number;
  counterSocketRead(fd: number, sequence: number): Float64Array;
  vnetOpen(path: string): NativeVnet;
  vnetBatch(handle: unknown, ops: VnetOp[]): Promise<number[]>;
  vnetStats(handle: unknown, portIds?: number[]): Promise<Float64Array>;
  vnetClose(handle: unknown): void;
  linkStatsLayout: LinkStatsLayout;
  vnetStatsLayout: VnetStatsLayout;
}

/** VNET_NATIVE_PATH, else native/build/Release/vnet_native.node in the nearest directory above this file holding it. */
export function nativeAddonPath(): string {
  const override = process.env.VNET_NATIVE_PATH;
  if (override) return override;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, ADDON_FROM_ROOT);
    if (existsSync(candidate)) return candidate;
    if (dir === parse(dir).root) break;
  }
  throw new Error(
    `vnet native addon not found: no ${ADDON_FROM_ROOT} in ${start} or above; run "npm run build:native" or set VNET_NATIVE_PATH`,
  );
}

let loaded: NativeBinding | undefined;

/** Loaded on first use, so importing this module never needs the build. */
function binding(): NativeBinding {
  loaded ??= createRequire(import.meta.url)(nativeAddonPath()) as NativeBinding;
  return loaded;
}

// ---------------------------------------------------------------------------
// Namespaces and counters

/** Creates /run/netns/<name> for each name, all or nothing (those made by this call are removed on failure). */
export async function createNamespaces(names: string[]): Promise<void> {
  return binding().createNamespaces(names);
}

/** Removes the named namespaces; one that does not exist is not an error. */
export async function deleteNamespaces(names: string[]): Promise<void> {
  return binding().deleteNamespaces(names);
}

/** The layout of linkStats and CounterSocket rows, from the addon. */
export function linkStatsLayout(): LinkStatsLayout {
  return binding().linkStatsLayout;
}

/** Counters of every link in the namespace (default: the caller's), from one rtnetlink stats dump. */
export async function linkStats(netns?: string): Promise<LinkStats[]> {
  const { names, rows } = await binding().linkStats(netns);
  const layout = linkStatsLayout();
  return names.map((name, link) => {
    const column = (i: number): number => rows[link * layout.width + i] ?? 0;
    return {
      ifindex: column(layout.ifindex),
      name,
      rxPackets: column(layout.rxPackets),
      txPackets: column(layout.txPackets),
      rxBytes: column(layout.rxBytes),
      txBytes: column(layout.txBytes),
      rxDropped: column(layout.rxDropped),
      txDropped: column(layout.txDropped),
      rxErrors: column(layout.rxErrors),
      txErrors: column(layout.txErrors),
    };
  });
}

/**
 * The counters of every link in one namespace, read as often as needed through one route socket made
 * inside it: one row per link laid out as linkStatsLayout() says, by ifindex (linkStats() gives the
 * names). Far cheaper per read than linkStats(), for streaming.
 */
export class CounterSocket {
  private sequence = 0;

  private constructor(private fd: number | undefined) {}

  static open(netns: string): CounterSocket {
    return new CounterSocket(binding().counterSocketOpen(netns));
  }

  /** One dump, on this thread: about a millisecond of system calls for 2,000 links. */
  read(): Float64Array {
    if (this.fd === undefined) throw new Error('counter socket is closed');
    this.sequence = (this.sequence % 0xffffffff) + 1;
    return binding().counterSocketRead(this.fd, this.sequence);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

// ---------------------------------------------------------------------------
// Directories made by root for a user (native/src/hostdirs.c)

/**
 * Opens trusted/path, making the missing components (owned by uid:gid, mode 0755) one by one beneath
 * `trusted` (absolute; a path only root can change, such as a home directory). No symbolic link is
 * followed (ELOOP) and nothing leads out (EXDEV); a component that exists must belong to uid (EPERM).
 * The directory stays locked while the descriptor is open: a second opener gets EBUSY. Close it with
 * fs.closeSync.
 */
export function openOwnedDirectory(trusted: string, path: string, owner: { uid: number; gid: number }): number {
  return binding().openOwnedDirectory(trusted, path, owner.uid, owner.gid);
}

/**
 * Makes each directory beneath dirFd (`where` names it in messages) as openOwnedDirectory does its
 * components, then gives it exactly its mode. Stops at the first failure.
 */
export async function makeDirectories(
  dirFd: number,
  where: string,
  directories: DirectoryEntry[],
  owner: { uid: number; gid: number },
): Promise<void> {
  return binding().makeDirectories(dirFd, where, directories, owner.uid, owner.gid);
}

/**
 * Removes everything inside each directory beneath dirFd (a missing one is fine), keeping the
 * directory: symbolic links are removed, never followed, at every level (deeper than 256: ELOOP).
 */
export async function emptyDirectories(dirFd: number, where: string, paths: string[]): Promise<void> {
  return binding().emptyDirectories(dirFd, where, paths);
}

// ---------------------------------------------------------------------------
// Processes

function environmentList(env: Record<string, string>): string[] {
  return Object.entries(env).map(([key, value]) => {
    if (key === '' || key.includes('=') || key.includes('\0')) {
      throw Object.assign(new TypeError(`spawn: environment variable name ${JSON.stringify(key)} is invalid`), {
        code: 'ERR_INVALID_ARG_VALUE',
      });
    }
    return `${key}=${value}`;
  });
}

function signalNumber(signal: NodeJS.Signals | number): number {
  if (typeof signal === 'number') return signal;
  const number = (osConstants.signals as Record<string, number | undefined>)[signal];
  if (number === undefined) throw new TypeError(`unknown signal ${JSON.stringify(signal)}`);
  return number;
}

/**
 * The pty master as a Duplex. Reading the master fails with EIO once the
 * last slave descriptor closes (the child and its descendants are gone):
 * that is the end of the output, not an error.
 */
class PtyStream extends Duplex {
  private readonly terminal: tty.ReadStream;

  constructor(fd: number) {
    super({ allowHalfOpen: false });
    this.terminal = new tty.ReadStream(fd);
    this.terminal.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) this.terminal.pause();
    });
    this.terminal.on('end', () => this.push(null));
    this.terminal.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EIO') this.push(null);
      else this.destroy(error);
    });
    this.terminal.on('close', () => this.push(null));
  }

  /** False once the master fd is closed (destroying closes it at once): its number may be reused. */
  get fdOpen(): boolean {
    return !this.terminal.destroyed;
  }

  override _read(): void {
    this.terminal.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.terminal.write(chunk, callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.terminal.destroy();
    callback(error);
  }
}

/** Runs argv inside the namespace as uid/gid/groups; throws synchronously if it cannot exec (ENOENT, EACCES…). */
export function spawn(options: SpawnOptions): SpawnedProcess {
  let settle: (status: ExitStatus) => void = () => undefined;
  const exited = new Promise<ExitStatus>((resolve) => (settle = resolve));
  const native = binding();
  const { privateDirs, ...rest } = options;
  const mounts = privateDirs && {
    directoryFd: privateDirs.directoryFd,
    sources: privateDirs.mounts.map((m) => m.source),
    targets: privateDirs.mounts.map((m) => m.target),
  };
  const child = native.spawn({ ...rest, env: environmentList(options.env), privateDirs: mounts }, (code, signal) =>
    settle({ code, signal }),
  );
  const pty = child.ptyFd === undefined ? undefined : new PtyStream(child.ptyFd);
  return {
    pid: child.pid,
    pty,
    stdin: child.stdinFd === undefined ? undefined : new net.Socket({ fd: child.stdinFd, readable: false }),
    stdout: child.stdoutFd === undefined ? undefined : new net.Socket({ fd: child.stdoutFd, writable: false }),
    stderr: child.stderrFd === undefined ? undefined : new net.Socket({ fd: child.stderrFd, writable: false }),
    exited,
    resize(cols: number, rows: number): void {
      if (!pty || child.ptyFd === undefined) throw new Error(`process ${child.pid} has no pty to resize`);
      if (pty.fdOpen) native.resizePty(child.ptyFd, cols, rows);
    },
    kill(signal: NodeJS.Signals | number = 'SIGTERM'): void {
      native.signalProcess(child.handle, signalNumber(signal));
    },
  };
}

// ---------------------------------------------------------------------------
// /dev/vnet

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
    close: () => native.vnetClose(device.handle),
  };
}
