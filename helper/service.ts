/**
 * The helper's dispatcher: sessions, one handler per method, changes run
 * one at a time, notifications. What the handlers do lives in its room:
 * network/ (the running network: apply, patch, stop, status, revision,
 * counter streams), faults/ (partitions, crashes, the links' seed), checks/
 * (questions asked of the running network), capture/ (frames of links), routing/ (FRR on routers,
 * their live routes), processes.ts.
 * Transports (stdio, a unix socket) feed it lines and carry its notifications.
 */
import {
  RPC_ERRORS,
  type BackendName,
  type FaultState,
  type Method,
  type NetworkStatus,
  type NotificationName,
  type Notifications,
  type ParsedParams,
  type Results,
} from '../common/protocol/helper.js';
import { ApplyParamsMemo } from '../common/protocol/apply-params.js';
import type { BackendOption } from './backend.js';
import { Captures } from './capture/captures.js';
import { CheckRunner } from './checks/runner.js';
import { Faults } from './faults/faults.js';
import { BackendChoice } from './network/backend-choice.js';
import { RunningNetwork } from './network/running.js';
import { StatsStreams } from './network/stats-stream.js';
import { ProcessTable, type Invoker } from './processes.js';
import { readRouting } from './routing/live.js';
import { errorLine, notificationLine, parseRequest, responseLine, RpcError } from './rpc.js';
import type { Session } from './session.js';

export type { Session } from './session.js';

type Handler<M extends Method> = (params: ParsedParams<M>, session: Session) => Promise<Results[M]> | Results[M];

export class HelperService {
  private readonly sessions = new Set<Session>();
  private readonly processes: ProcessTable;
  private readonly choice: BackendChoice;
  private readonly network: RunningNetwork;
  private readonly faults: Faults;
  private readonly streams: StatsStreams;
  private readonly checks: CheckRunner;
  private readonly captures: Captures;
  /** Called once a `network.stop` has been answered (the socket mode exits then). */
  afterStop?: () => void;
  /** Changes of the network and its faults run one at a time, in arrival order. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly applyParams = new ApplyParamsMemo();

  constructor(
    backends: Record<BackendName, BackendOption>,
    invoker: Invoker,
    /** The backend asked for at start (`--backend`, VNET_BACKEND); else the module when it is there. */
    asked?: BackendName,
  ) {
    this.choice = new BackendChoice(backends, asked);
    this.processes = new ProcessTable(invoker);
    this.processes.on('output', (owner, payload) => this.notifyOwner(owner, 'process.output', payload));
    this.processes.on('exit', (owner, payload) => this.notifyOwner(owner, 'process.exit', payload));
    this.network = new RunningNetwork(this.choice, this.processes, invoker, {
      state: () => {
        if (this.network.state !== 'running') this.captures.endAll(`the network is ${this.network.state}`);
        this.broadcast('network.state', this.status());
      },
      changed: (revision) => this.broadcast('network.changed', { revision }),
    });
    this.faults = new Faults(this.network, this.processes, (state: FaultState) =>
      this.broadcast('network.faults', state),
    );
    this.network.faults = this.faults;
    this.streams = new StatsStreams(this.network);
    this.checks = new CheckRunner(this.network, this.faults, this.processes);
    this.captures = new Captures(this.network);
  }

  get preferred(): BackendName {
    return this.choice.preferred;
  }

  open(session: Session): void {
    this.sessions.add(session);
  }

  /** A session went away: its counters and captures stop and the processes it started end. */
  close(session: Session): void {
    this.sessions.delete(session);
    this.streams.unsubscribe(session);
    this.captures.close(session);
    this.processes.kill({ owner: session });
  }

  async handleLine(line: string, session: Session): Promise<void> {
    if (line.trim() === '') return;
    const parsed = parseRequest(line, { 'network.apply': this.applyParams.safeParse });
    if (!parsed.ok) {
      session.send(errorLine(parsed.id, parsed.error));
      return;
    }
    const { id, method, params } = parsed.request;
    try {
      const handler = this.handlers[method] as Handler<Method>;
      const result = await handler(params as ParsedParams<Method>, session);
      if (id !== undefined) session.send(responseLine(id, result));
      if (method === 'network.stop') this.afterStop?.();
    } catch (error) {
      const rpc =
        error instanceof RpcError ? error : new RpcError(RPC_ERRORS.internal, `${method}: ${(error as Error).message}`);
      if (id !== undefined) session.send(errorLine(id, rpc));
    }
  }

  private readonly handlers: { [M in Method]: Handler<M> } = {
    'helper.version': () => this.choice.version(),
    'network.apply': (p) =>
      this.serialised(async () => {
        const summary = await this.network.apply(p);
        return { status: this.status(), ...summary };
      }),
    'network.patch': (p) => this.serialised(() => this.network.patch(p)),
    'network.get': () => this.network.document(),
    'network.stop': (p) => this.serialised(() => this.stop(p.purge)),
    'network.status': () => this.status(),
    'network.partition': (p) => this.serialised(() => this.faults.partition(p)),
    'network.heal': () => this.serialised(() => this.faults.heal()),
    'node.crash': (p) => this.serialised(() => this.faults.crash(p)),
    'node.restart': (p) => this.serialised(() => this.faults.restart(p)),
    'node.routes': (p) => readRouting(this.network, p.node),
    'process.exec': (p, session) => {
      const machine = this.network.machineOf(p.host);
      this.faults.refuseCrashed(p.host);
      return this.processes.start({ ...p, ...machine }, p.pty, session);
    },
    'process.write': (p) => {
      if (!this.processes.write(p.pid, Buffer.from(p.data, 'base64'), p.eof ?? false)) throw noSuchProcess(p.pid);
      return null;
    },
    'process.resize': (p) => {
      const running = this.processes.get(p.pid);
      if (!running) throw noSuchProcess(p.pid);
      if (!running.info.pty) throw new RpcError(RPC_ERRORS.invalidParams, `process ${p.pid} has no pty to resize`);
      running.child.resize(p.cols, p.rows);
      return null;
    },
    'process.signal': (p) => {
      const running = this.processes.get(p.pid);
      if (!running) throw noSuchProcess(p.pid);
      running.child.kill(p.signal);
      return null;
    },
    'process.list': (p) => this.processes.list(p.host),
    'network.reseed': (p) => this.serialised(() => this.faults.reseed(p)),
    'checks.run': (p) => this.checks.run(p.checks, p.timeoutMs),
    'capture.start': (p, session) => this.serialised(() => this.captures.start(p, session)),
    'capture.stop': (p, session) => this.captures.stop(p.capture, session),
    'stats.subscribe': (p, session) => {
      this.streams.subscribe(session, p.hz);
      return null;
    },
  };

  status(): NetworkStatus {
    return {
      state: this.network.state,
      backend: this.network.backend?.name,
      reason: this.network.reason,
      revision: this.network.revision,
      directory: this.network.directory?.path,
      faults: this.faults.state(),
      hosts: this.network.hosts(),
    };
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async stop(purge = false): Promise<NetworkStatus> {
    this.checks.stop();
    await this.network.stop(purge);
    return this.status();
  }

  /** Stops the network (helper exit); its directory stays for reading. */
  shutdown(): Promise<NetworkStatus> {
    return this.serialised(() => this.stop());
  }

  private broadcast<N extends NotificationName>(name: N, payload: Notifications[N]): void {
    const line = notificationLine(name, payload);
    for (const session of this.sessions) session.send(line);
  }

  /** Process events go to the session that started the process; topology processes' to every session. */
  private notifyOwner<N extends NotificationName>(owner: unknown, name: N, payload: Notifications[N]): void {
    if (owner === undefined) this.broadcast(name, payload);
    else if (this.sessions.has(owner as Session)) (owner as Session).send(notificationLine(name, payload));
  }
}

function noSuchProcess(pid: number): RpcError {
  return new RpcError(RPC_ERRORS.noSuchProcess, `no process ${pid} started by this helper is running`);
}
