/**
 * The addon itself: found once (VNET_NATIVE_PATH, or the build in the
 * checkout or beside the bundle) and loaded on first use, so importing the
 * typed wrappers never needs the build. Only the wrappers beside this file
 * call it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaptureRowLayout } from './capture.js';
import type { BpfCountersLayout } from './bpf-counters.js';
import type { LinkStatsLayout } from './counters.js';
import type { BpfProgram } from './programs.js';
import type { DirectoryEntry, FileEntry } from './hostdirs.js';
import type { HostConfig } from './hostconfig.js';
import type { SpawnOptions } from './spawn.js';
import type { VnetOp, VnetProgRequest, VnetStatsLayout } from './vnet.js';

const ADDON_FROM_ROOT = join('native', 'build', 'Release', 'vnet_native.node');

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
  writeFiles(dirFd: number, where: string, files: FileEntry[], uid: number, gid: number): Promise<void>;
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
  configureHosts(hosts: HostConfig[]): Promise<void>;
  linkStats(netns?: string): Promise<{ names: string[]; rows: Float64Array }>;
  counterSocketOpen(netns: string): number;
  counterSocketRead(fd: number, sequence: number): Float64Array;
  captureSocketOpen(netns: string, device: string, program: number[], bufferBytes: number): number;
  captureSocketRead(fd: number, buffer: Buffer, snaplen: number): Float64Array;
  captureSocketDrops(fd: number): number;
  vnetOpen(path: string): NativeVnet;
  vnetBatch(handle: unknown, ops: VnetOp[]): Promise<number[]>;
  vnetStats(handle: unknown, portIds?: number[]): Promise<Float64Array>;
  vnetPartition(handle: unknown, addresses: string[], groups: number[], cuts: number[]): Promise<void>;
  vnetProg(handle: unknown, request: VnetProgRequest): Promise<void>;
  vnetCaptureOpen(
    handle: unknown,
    ports: number[],
    points: number,
    dirs: number,
    program: number[],
    snaplen: number,
    ringBytes: number,
  ): Promise<number>;
  vnetCaptureRead(fd: number, buffer: Buffer, snaplen: number): Float64Array;
  vnetClose(handle: unknown): void;
  bpfLoad(path: string, bytes: Buffer, section: string): BpfProgram;
  bpfMapRead(fd: number, keySize: number, valueSize: number, perCpu: number, limit: number): Float64Array;
  bpfTcSet(netns: string, ifname: string, hook: string, priority: number, fd: number): void;
  portCountersOpen(netns: string): { handle: unknown; capacity: number };
  portCountersRead(handle: unknown, ifindexes: Int32Array, out: Float64Array, changed: Int32Array): number;
  portCountersClose(handle: unknown): void;
  linkStatsLayout: LinkStatsLayout;
  portCountersLayout: BpfCountersLayout;
  vnetStatsLayout: VnetStatsLayout;
  captureRowLayout: CaptureRowLayout;
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
export function binding(): NativeBinding {
  loaded ??= createRequire(import.meta.url)(nativeAddonPath()) as NativeBinding;
  return loaded;
}
