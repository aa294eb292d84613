/**
 * Users' eBPF programs for links (native/src/bpf_object.c): load one section of an object (sched_cls only),
 * read its maps as counters, attach it to a device's tc hook inside a namespace. The root helper's only.
 */
import { closeSync } from 'node:fs';
import { binding } from './binding.js';

export type BpfMapType = 'array' | 'percpuArray' | 'hash' | 'percpuHash' | 'other';

export interface BpfMapInfo {
  name: string;
  type: BpfMapType;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  fd: number;
}

/** A loaded program and its maps: the kernel keeps them while these descriptors are open. */
export interface BpfProgram {
  fd: number;
  maps: BpfMapInfo[];
}

/**
 * Loads `section` of the object whose bytes are given, read from `path` by the caller (the helper reads
 * it as the user who named it). Throws an Error (code: errno name) naming the file and section: not an
 * object, no such section (the sections it has), a type other than sched_cls (named), or the kernel's
 * refusal followed by the verifier's log whole.
 */
export function loadBpfProgram(path: string, bytes: Buffer, section: string): BpfProgram {
  return binding().bpfLoad(path, bytes, section);
}

export function closeBpfProgram(program: BpfProgram): void {
  for (const fd of [program.fd, ...program.maps.map((m) => m.fd)]) closeSync(fd);
}

/** Whether a map's entries can be read as counters: numeric keys (up to 8 bytes) of an array or hash. */
export function isCounterMap(map: BpfMapInfo): boolean {
  return map.type !== 'other' && map.keySize <= 8;
}

/** Up to `limit` entries of a counter map (isCounterMap) as key → value; per-CPU values summed. */
export function readBpfMap(map: BpfMapInfo, limit: number): Map<number, number> {
  const perCpu = map.type === 'percpuArray' || map.type === 'percpuHash' ? 1 : 0;
  const pairs = binding().bpfMapRead(map.fd, map.keySize, map.valueSize, perCpu, limit);
  const entries = new Map<number, number>();
  for (let i = 0; i + 1 < pairs.length; i += 2) entries.set(pairs[i] as number, pairs[i + 1] as number);
  return entries;
}

export type TcHookName = 'ingress' | 'egress';

/** Attaches the program (direct action) at `priority` of the device's hook, replacing one there; null detaches. */
export function setTcProgram(
  netns: string,
  ifname: string,
  hook: TcHookName,
  priority: number,
  program: BpfProgram | null,
): void {
  binding().bpfTcSet(netns, ifname, hook, priority, program ? program.fd : -1);
}
