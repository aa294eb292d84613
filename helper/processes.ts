/**
 * Programs running inside virtual hosts, as the invoking desktop user.
 * The native spawn gives each the view `ip netns exec` gives (so
 * /etc/netns/<ns>/hosts becomes its /etc/hosts in a private mount
 * namespace: `ping web` works), the host's name (`hostname`, a shell's
 * prompt) and the host's own /run, /tmp, /var/log and privateDirs
 * (hostdirs/directory.ts), and drops to the user's uid, gid and groups
 * (which also drops every capability) before exec'ing the program: no
 * `ip` or `setpriv` in between.
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Notifications, ProcessInfo } from '../common/protocol/helper.js';
import { spawn, type SpawnedProcess, type SpawnOptions } from '../native/index.js';
import { run } from './run.js';

export interface Invoker {
  uid: number;
  gid: number;
  groups: number[];
  user: string;
  home: string;
}

/** What makes a process part of one host: its namespace, name and own directories. */
export interface HostMachine {
  namespace: string;
  hostname: string;
  privateDirs: SpawnOptions['privateDirs'];
}

/** How long an exit waits for the last output (a daemon child may hold the pipe open for ever). */
const OUTPUT_GRACE_MS = 300;
/** How long a process asked to end (SIGTERM) has to end before it is killed: a server closes its workers. */
const TERM_GRACE_MS = 3000;
const SAFE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The desktop user behind pkexec or sudo, else whoever runs the helper. */
export async function resolveInvoker(env = process.env): Promise<Invoker> {
  const fromEnv = env.PKEXEC_UID ?? env.SUDO_UID;
  const uid = fromEnv !== undefined && /^\d+$/.test(fromEnv) ? Number(fromEnv) : (process.getuid?.() ?? 0);
  const passwd = (await run(['getent', 'passwd', String(uid)]).catch(() => '')).trim().split(':');
  if (passwd.length < 7) throw new Error(`the invoking user (uid ${uid}) has no passwd entry`);
  const gid = Number(passwd[3]);
  const groups = (await run(['id', '-G', String(uid)]).catch(() => String(gid)))
    .trim()
    .split(/\s+/)
    .map(Number)
    .filter((g) => Number.isInteger(g));
  const [user = String(uid), , , , , home = '/'] = passwd;
  return { uid, gid, groups, user, home: home || '/' };
}

/** Only these variables reach a launched program, plus the ones the request names. */
export function sanitisedEnv(invoker: Invoker, explicit: Record<string, string> = {}, parent = process.env) {
  const env: Record<string, string> = { PATH: SAFE_PATH, HOME: invoker.home, USER: invoker.user };
  env.TERM = parent.TERM ?? 'xterm-256color';
  if (parent.LANG) env.LANG = parent.LANG;
  return { ...env, ...explicit };
}

/** A program to run in a host. */
export type HostProgram = { argv: string[]; cwd?: string; env?: Record<string, string> } & HostMachine;

interface Running {
  info: ProcessInfo;
  child: SpawnedProcess;
  owner: unknown;
}

export interface ProcessEvents {
  output: [owner: unknown, payload: Notifications['process.output']];
  exit: [owner: unknown, payload: Notifications['process.exit']];
}

export class ProcessTable extends EventEmitter<ProcessEvents> {
  private readonly running = new Map<number, Running>();

  constructor(private readonly invoker: Invoker) {
    super();
  }

  /**
   * The one way into a host: the program as the invoker, in the host's namespaces and directories.
   * start() keeps what it spawns in the table; checks (helper/checks/) run short programs of their own.
   */
  enter(request: HostProgram, pty?: { cols: number; rows: number }): SpawnedProcess {
    return spawn({
      netns: request.namespace,
      argv: request.argv,
      cwd: request.cwd ?? (existsSync(this.invoker.home) ? this.invoker.home : '/'),
      env: sanitisedEnv(this.invoker, request.env),
      uid: this.invoker.uid,
      gid: this.invoker.gid,
      groups: this.invoker.groups,
      pty,
      ipNetnsExecMounts: true,
      hostname: request.hostname,
      privateDirs: request.privateDirs,
    });
  }

  start(
    request: HostProgram & { host: string },
    pty: { cols: number; rows: number } | undefined,
    owner: unknown,
  ): ProcessInfo {
    const child = this.enter(request, pty);
    const info: ProcessInfo = {
      pid: child.pid,
      host: request.host,
      argv: request.argv,
      pty: pty !== undefined,
      startedAt: Date.now(),
    };
    this.running.set(child.pid, { info, child, owner });
    const forward = (stream: Readable | undefined, name: 'pty' | 'stdout' | 'stderr') =>
      stream?.on('data', (data: Buffer) =>
        this.emit('output', owner, { pid: child.pid, stream: name, data: data.toString('base64') }),
      );
    forward(child.pty, 'pty');
    forward(child.stdout, 'stdout');
    forward(child.stderr, 'stderr');
    child.pty?.on('error', () => undefined);
    child.stdin?.on('error', () => undefined);
    void child.exited.then(async (status) => {
      await Promise.race([
        Promise.all([child.stdout, child.stderr, child.pty].map((s) => s && !s.readableEnded && onceEnded(s))),
        new Promise((resolve) => setTimeout(resolve, OUTPUT_GRACE_MS)),
      ]);
      this.running.delete(child.pid);
      this.emit('exit', owner, { pid: child.pid, ...status });
    });
    return info;
  }

  get(pid: number): Running | undefined {
    return this.running.get(pid);
  }

  write(pid: number, data: Buffer, eof: boolean): boolean {
    const p = this.running.get(pid);
    if (!p) return false;
    const sink = p.child.pty ?? p.child.stdin;
    if (data.length) sink?.write(data);
    if (eof) p.child.stdin?.end();
    return true;
  }

  list(host?: string): ProcessInfo[] {
    return [...this.running.values()].map((p) => p.info).filter((i) => host === undefined || i.host === host);
  }

  /** Asks one process to end (SIGTERM, as a service stops) and resolves once it has, killed if it took too long. */
  async stop(pid: number): Promise<void> {
    const p = this.running.get(pid);
    if (!p) return;
    p.child.kill('SIGTERM');
    const late = setTimeout(() => p.child.kill('SIGKILL'), TERM_GRACE_MS);
    await p.child.exited;
    clearTimeout(late);
  }

  /** Kills the processes of the given hosts (all when undefined), or those an owner started. */
  kill(filter: { hosts?: ReadonlySet<string>; owner?: unknown }): void {
    for (const p of this.running.values()) {
      const hostMatch = filter.hosts === undefined || filter.hosts.has(p.info.host);
      const ownerMatch = filter.owner === undefined || filter.owner === p.owner;
      if (hostMatch && ownerMatch) p.child.kill('SIGKILL');
    }
  }
}

function onceEnded(stream: Readable): Promise<void> {
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
}
