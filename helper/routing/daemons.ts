/**
 * FRR on the routers that run it: in each router's own namespaces and directories (its /etc/frr,
 * /run/frr and /var/log/frr are its own, so `vtysh` in r1 reaches r1's daemons only), each daemon
 * started by the helper as root and dropping to FRR's user itself (`-u frr -g frr`, keeping the
 * capabilities it needs), its configuration loaded by `vtysh -b` once its sockets are there, restarted
 * when it dies while the network runs, stopped with the router, and shut down when the router's
 * routing changes while it runs.
 */
import { existsSync, rmSync } from 'node:fs';
import { spawn, type SpawnedProcess } from '../../native/index.js';
import type { RouterDaemon } from '../../common/protocol/helper.js';
import type { PlannedHost } from '../plan/plan.js';
import type { HostMachine } from '../processes.js';
import type { FrrPlan } from './frr-config.js';

const FRR_LIB = '/usr/lib/frr';
export const FRR_MISSING =
  'routing with FRR needs the frr package, which is not installed (Debian package frr: apt-get install frr)';
const ROOT = { uid: 0, gid: 0, groups: [0] };
const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/**
 * How long a daemon's sockets may take to appear (each daemon reads FRR's YANG models first: in the
 * module's emulated guests a ring's 18 daemons starting together took over 10 s), and how often a dead
 * daemon is restarted at most.
 */
const SOCKET_WAIT_MS = 60_000;
const RESTART_DELAY_MS = 500;
const MAX_RESTARTS = 10;
/** How long daemons told to end (SIGTERM) may take before they are killed. */
const SHUTDOWN_WAIT_MS = 5_000;

export function frrInstalled(): boolean {
  return existsSync(`${FRR_LIB}/zebra`);
}

interface Router {
  machine: HostMachine;
  frr: FrrPlan;
  daemons: Map<string, SpawnedProcess>;
  /** Daemons dead and not (yet) started again. */
  down: Set<string>;
  /** Restarts by daemon; their sum is bounded by MAX_RESTARTS. */
  restartsOf: Map<string, number>;
  stopped: boolean;
}

/** What a program printed and how it ended, for a warning. */
async function finished(child: SpawnedProcess): Promise<{ ok: boolean; output: string }> {
  const chunks: Buffer[] = [];
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (d: Buffer) => chunks.push(d));
  const status = await child.exited;
  return { ok: status.code === 0, output: Buffer.concat(chunks).toString().trim() };
}

export class RouterDaemons {
  private readonly routers = new Map<string, Router>();

  /** The path, seen from the helper, of a daemon's vty socket in the router's private /run/frr. */
  private socketOf(router: Router, daemon: string): string | undefined {
    const dirs = router.machine.privateDirs;
    const run = dirs?.mounts.find((m) => m.target === '/run');
    return dirs && run && `/proc/self/fd/${dirs.directoryFd}/${run.source}/frr/${daemon}.vty`;
  }

  private enter(router: Router, argv: string[]): SpawnedProcess {
    const { namespace, hostname, privateDirs } = router.machine;
    return spawn({
      netns: namespace,
      argv,
      cwd: '/',
      env: { PATH },
      ...ROOT,
      ipNetnsExecMounts: true,
      hostname,
      privateDirs,
    });
  }

  /** Starts the FRR of these hosts (those that run it); a warning per router whose FRR did not come up. */
  async start(hosts: readonly PlannedHost[], machineOf: (id: string) => HostMachine): Promise<string[]> {
    const starting = hosts.flatMap((h) => (h.frr ? [{ id: h.id, frr: h.frr }] : []));
    const warnings = await Promise.all(
      starting.map(async ({ id, frr }) => {
        const router: Router = {
          machine: machineOf(id),
          frr,
          daemons: new Map(),
          down: new Set(),
          restartsOf: new Map(),
          stopped: false,
        };
        this.routers.set(id, router);
        try {
          await this.boot(router);
          return [];
        } catch (error) {
          return [`router ${id}: FRR did not start: ${(error as Error).message}`];
        }
      }),
    );
    return warnings.flat();
  }

  /** Its directories, its daemons, then its configuration. */
  private async boot(router: Router): Promise<void> {
    const made = await finished(
      this.enter(router, ['install', '-d', '-o', 'frr', '-g', 'frr', '/run/frr', '/var/log/frr']),
    );
    if (!made.ok) throw new Error(`making /run/frr and /var/log/frr: ${made.output}`);
    for (const daemon of router.frr.daemons) this.startDaemon(router, daemon);
    await this.load(router);
  }

  private startDaemon(router: Router, daemon: string): void {
    // The socket a dead daemon left would let `load` run `vtysh -b` before the new one listens.
    const socket = this.socketOf(router, daemon);
    if (socket) rmSync(socket, { force: true });
    const argv = [
      `${FRR_LIB}/${daemon}`,
      '-u',
      'frr',
      '-g',
      'frr',
      '-P',
      '0',
      '--log',
      `file:/var/log/frr/${daemon}.log`,
    ];
    const child = this.enter(router, argv);
    child.stdout?.resume();
    child.stderr?.resume();
    router.daemons.set(daemon, child);
    router.down.delete(daemon);
    void child.exited.then(() => {
      if (router.daemons.get(daemon) === child) router.down.add(daemon);
      this.died(router, daemon, child);
    });
  }

  /** A daemon that dies while its router runs comes back, its configuration loaded again. */
  private died(router: Router, daemon: string, child: SpawnedProcess): void {
    const restarts = [...router.restartsOf.values()].reduce((sum, n) => sum + n, 0);
    if (router.stopped || router.daemons.get(daemon) !== child || restarts >= MAX_RESTARTS) return;
    router.restartsOf.set(daemon, (router.restartsOf.get(daemon) ?? 0) + 1);
    setTimeout(() => {
      if (router.stopped) return;
      this.startDaemon(router, daemon);
      this.load(router).catch(() => undefined);
    }, RESTART_DELAY_MS);
  }

  /** `vtysh -b` once every daemon listens: frr.conf given to each. */
  private async load(router: Router): Promise<void> {
    const sockets = router.frr.daemons.map((d) => this.socketOf(router, d));
    for (const deadline = Date.now() + SOCKET_WAIT_MS; !sockets.every((s) => s && existsSync(s));) {
      if (router.stopped) return;
      if (Date.now() > deadline)
        throw new Error(`its daemons did not open their sockets within ${SOCKET_WAIT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const loaded = await finished(this.enter(router, ['vtysh', '-b']));
    if (!loaded.ok) throw new Error(`its configuration was refused: ${loaded.output}`);
  }

  /** A router's daemons as they are now, zebra first; empty when it runs no FRR. */
  daemonsOf(id: string): RouterDaemon[] {
    const router = this.routers.get(id);
    return (router?.frr.daemons ?? []).map((name) => ({
      name,
      running: !router?.down.has(name),
      restarts: router?.restartsOf.get(name) ?? 0,
    }));
  }

  /** What one vtysh command printed in the router (its own daemons), rejecting with its output when it fails. */
  async vtysh(id: string, command: string): Promise<string> {
    const router = this.routers.get(id);
    if (!router) throw new Error(`${id} runs no FRR`);
    const { ok, output } = await finished(this.enter(router, ['vtysh', '-c', command]));
    if (!ok) throw new Error(output || `vtysh -c '${command}' failed`);
    return output;
  }

  /** Stops the FRR of these routers (all when undefined) at once: what they put in the kernel stays. */
  stop(ids?: ReadonlySet<string>): void {
    for (const router of this.take(ids)) for (const child of router.daemons.values()) child.kill('SIGKILL');
  }

  /**
   * Shuts the FRR of these routers down as its own service would, for a router that stays: told to end,
   * zebra takes the routes it installed out of the kernel (a killed one would leave them behind).
   */
  async shutDown(ids: ReadonlySet<string>): Promise<void> {
    const ending = this.take(ids).flatMap((router) => [...router.daemons.values()]);
    await Promise.all(
      ending.map(async (child) => {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), SHUTDOWN_WAIT_MS);
        await child.exited;
        clearTimeout(timer);
      }),
    );
  }

  /** These routers (all when undefined), no longer supervised. */
  private take(ids?: ReadonlySet<string>): Router[] {
    const taken = [...this.routers].filter(([id]) => !ids || ids.has(id));
    for (const [id, router] of taken) {
      router.stopped = true;
      this.routers.delete(id);
    }
    return taken.map(([, router]) => router);
  }
}
