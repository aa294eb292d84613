/**
 * process: read from /proc without running anything in the host: a host's
 * processes are those whose /proc/PID/ns/net is its network namespace
 * (started by the helper or by hand in a terminal alike), one scan of /proc
 * per run. listening: `ss` in the host (sock_diag lists listening sockets
 * alone; /proc/PID/net/tcp walks every connection of the machine, ~5 ms a
 * read here).
 */
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Check, CheckOutcome } from '../../common/checks/schema.js';

export interface HostProcess {
  pid: number;
  /** The kernel's name (comm, at most 15 bytes) and argv[0]'s basename. */
  names: string[];
  /** Its session: the pid of the session leader (the program the helper started, for what it started). */
  session: number;
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
      const stat = readFileSync(`${proc}/${pid}/stat`, 'utf8');
      // The name is in parentheses and may hold anything: the fields after it are state, ppid, pgrp, session.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const session = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
      const argv0 = readFileSync(`${proc}/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
      return [{ pid, names: argv0 ? [comm, basename(argv0)] : [comm], session }];
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

/** What `ss` lists as listening: TCP sockets in LISTEN, UDP sockets bound and unconnected. */
export const LIST_LISTENING = ['ss', '-H', '-l', '-n', '-t', '-u'];

export interface ListeningPorts {
  tcp: Set<number>;
  udp: Set<number>;
}

/** Ports of LIST_LISTENING's lines ("tcp LISTEN 0 4096 0.0.0.0:8080 0.0.0.0:*"), IPv4 and IPv6 alike. */
export function parseListening(output: string): ListeningPorts {
  const ports: ListeningPorts = { tcp: new Set(), udp: new Set() };
  for (const line of output.split('\n')) {
    const [netid, , , , local] = line.trim().split(/\s+/);
    if ((netid === 'tcp' || netid === 'udp') && local)
      ports[netid].add(Number(local.slice(local.lastIndexOf(':') + 1)));
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
