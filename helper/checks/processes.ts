/**
 * process and listening, read from /proc without running anything in the
 * host: a host's processes are those whose /proc/PID/ns/net is its network
 * namespace (started by the helper or by hand in a terminal alike), and its
 * sockets are in /proc/PID/net/{tcp,udp}{,6} of any one of them (a host
 * where nothing runs holds no socket). One scan of /proc per run.
 */
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Check, CheckOutcome } from '../../common/checks/schema.js';

export interface HostProcess {
  pid: number;
  /** The kernel's name (comm, at most 15 bytes) and argv[0]'s basename. */
  names: string[];
}

/** Pids by network namespace ("net:[inode]"), every process of the machine once. */
export function scanNamespaces(proc = '/proc'): Map<string, number[]> {
  const byNamespace = new Map<string, number[]>();
  for (const entry of readdirSync(proc)) {
    if (!/^\d+$/.test(entry)) continue;
    let namespace: string;
    try {
      namespace = readlinkSync(`${proc}/${entry}/ns/net`);
    } catch {
      continue; // Gone, or a zombie.
    }
    const pids = byNamespace.get(namespace) ?? [];
    pids.push(Number(entry));
    byNamespace.set(namespace, pids);
  }
  return byNamespace;
}

/** The "net:[inode]" of a named namespace (/run/netns/NAME), as /proc/PID/ns/net reads. */
export function namespaceKey(name: string): string {
  return `net:[${statSync(`/run/netns/${name}`).ino}]`;
}

export function processNames(pids: readonly number[], proc = '/proc'): HostProcess[] {
  return pids.flatMap((pid) => {
    try {
      const comm = readFileSync(`${proc}/${pid}/comm`, 'utf8').trim();
      const argv0 = readFileSync(`${proc}/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
      return [{ pid, names: argv0 ? [comm, basename(argv0)] : [comm] }];
    } catch {
      return []; // Ended since the scan.
    }
  });
}

export function processOutcome(check: Extract<Check, { kind: 'process' }>, processes: HostProcess[]): CheckOutcome {
  // comm holds the first 15 bytes of a longer name.
  const matches = (name: string) => name === check.program || (name.length === 15 && check.program.startsWith(name));
  const found = processes.filter((p) => p.names.some(matches));
  if (found.length) return { ok: true, seen: `${check.program} runs (pid ${found.map((p) => p.pid).join(', ')})` };
  const running = [...new Set(processes.map((p) => p.names.at(-1)))];
  return {
    ok: false,
    seen: `no process named ${check.program}${running.length ? ` (running: ${running.join(', ')})` : ' (nothing runs there)'}`,
  };
}

/** TCP sockets in LISTEN, UDP sockets bound and unconnected (the kernel's state column). */
const LISTENING_STATE = { tcp: '0A', udp: '07' } as const;

/** Ports listened on, from the socket tables of a process of the host (both IPv4 and IPv6 ones). */
export function listeningPorts(protocol: 'tcp' | 'udp', pid: number | undefined, proc = '/proc'): Set<number> {
  const ports = new Set<number>();
  if (pid === undefined) return ports;
  for (const table of [protocol, `${protocol}6`]) {
    let text: string;
    try {
      text = readFileSync(`${proc}/${pid}/net/${table}`, 'utf8');
    } catch {
      continue; // No IPv6, or the process ended.
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === LISTENING_STATE[protocol] && local)
        ports.add(parseInt(local.slice(local.lastIndexOf(':') + 1), 16));
    }
  }
  return ports;
}

export function listeningOutcome(check: Extract<Check, { kind: 'listening' }>, ports: Set<number>): CheckOutcome {
  const service = `${check.protocol}/${check.port}`;
  if (ports.has(check.port)) return { ok: true, seen: `something listens on ${service}` };
  const others = [...ports].sort((a, b) => a - b).map((p) => `${check.protocol}/${p}`);
  return {
    ok: false,
    seen: `nothing listens on ${service}${others.length ? ` (listening: ${others.join(', ')})` : ''}`,
  };
}
