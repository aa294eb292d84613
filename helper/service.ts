/**
 * The helper's state and methods: one running network (plan + backend),
 * the processes in it, counter subscriptions per session. Transports
 * (stdio, a unix socket) feed it lines and carry its notifications.
 */
import {
  NO_FAULTS,
  RPC_ERRORS,
  type BackendName,
  type BackendSupport,
  type HelperVersion,
  type Method,
  type NetworkState,
  type NetworkStatus,
  type NotificationName,
  type Notifications,
  type Params,
  type Results,
} from '../common/protocol/helper.js';
import { checkTopology, formatProblems, TOPOLOGY_VERSION, type Topology } from '../common/topology/index.js';
import { ApplyParamsMemo } from '../common/protocol/apply-params.js';
import type { Backend } from './backend.js';
import { diffPlans, EMPTY_PLAN, unshapedLinkWarnings } from './plan/diff.js';
import { paramsOnlyChange } from './plan/params-only.js';
import { PlanError, planNetwork, type NetworkPlan } from './plan/plan.js';
import { NetworkDirectory } from './hostdirs/directory.js';
import { must } from './must.js';
import { ProcessTable, type HostMachine, type Invoker } from './processes.js';
import { errorLine, notificationLine, parseRequest, responseLine, RpcError } from './rpc.js';
import { StatsSampler } from './stats.js';

export const HELPER_VERSION = '0.1.0';

export interface Session {
  send(line: string): void;
}

export interface BackendOption {
  support: BackendSupport;
  abi?: number;
  create(): Backend;
}

interface Subscription {
  timer: NodeJS.Timeout;
  sampler: StatsSampler;
  busy: boolean;
}

type Handler<M extends Method> = (params: Params<M>, session: Session) => Promise<Results[M]> | Results[M];

export class HelperService {
  private state: NetworkState = 'stopped';
  private reason?: string;
  private plan: NetworkPlan = EMPTY_PLAN;
  /** The document the running plan was made from. */
  private topology?: Topology;
  private backend?: Backend;
  private readonly sessions = new Set<Session>();
  private readonly subscriptions = new Map<Session, Subscription>();
  private readonly processes: ProcessTable;
  /** The hosts' own directories: open while the network runs, kept (closed) after a stop until purged. */
  private directory?: NetworkDirectory;
  /** Called once a `network.stop` has been answered (the socket mode exits then). */
  afterStop?: () => void;
  /** Network changes run one at a time, in arrival order. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly applyParams = new ApplyParamsMemo();

  constructor(
    private readonly backends: Record<BackendName, BackendOption>,
    private readonly invoker: Invoker,
    /** The backend asked for at start (`--backend`, VNET_BACKEND); else the module when it is there. */
    private readonly choice?: BackendName,
  ) {
    this.processes = new ProcessTable(invoker);
    this.processes.on('output', (owner, payload) => this.notifyOwner(owner, 'process.output', payload));
    this.processes.on('exit', (owner, payload) => this.notifyOwner(owner, 'process.exit', payload));
  }

  get preferred(): BackendName {
    return this.choice ?? (this.backends.kmod.support.available ? 'kmod' : 'netns');
  }

  open(session: Session): void {
    this.sessions.add(session);
  }

  /** A session went away: its counters stop and the processes it started end. */
  close(session: Session): void {
    this.sessions.delete(session);
    this.unsubscribe(session);
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
      const result = await handler(params as Params<Method>, session);
      if (id !== undefined) session.send(responseLine(id, result));
      if (method === 'network.stop') this.afterStop?.();
    } catch (error) {
      const rpc =
        error instanceof RpcError ? error : new RpcError(RPC_ERRORS.internal, `${method}: ${(error as Error).message}`);
      if (id !== undefined) session.send(errorLine(id, rpc));
    }
  }

  private readonly handlers: { [M in Method]: Handler<M> } = {
    'helper.version': () => this.version(),
    'network.apply': (p) => this.serialised(() => this.apply(p.topology as Topology, p.backend)),
    'network.stop': (p) => this.serialised(() => this.stop(p.purge)),
    'network.status': () => this.status(),
    'process.exec': (p, session) => this.processes.start({ ...p, ...this.machineOf(p.host) }, p.pty, session),
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
    'stats.subscribe': (p, session) => {
      this.subscribe(session, p.hz ?? 10);
      return null;
    },
    // Declared by the protocol, built by the changes that follow this one.
    'network.patch': () => notYet('network.patch'),
    'network.get': () => notYet('network.get'),
    'network.partition': () => notYet('network.partition'),
    'network.heal': () => notYet('network.heal'),
    'node.crash': () => notYet('node.crash'),
    'node.restart': () => notYet('node.restart'),
  };

  version(): HelperVersion {
    return {
      version: HELPER_VERSION,
      abi: this.backends.kmod.abi,
      backends: { kmod: this.backends.kmod.support, netns: this.backends.netns.support },
      preferred: this.preferred,
    };
  }

  status(): NetworkStatus {
    const hosts: NetworkStatus['hosts'] = {};
    const backend = this.backend;
    if (backend)
      for (const host of this.plan.hosts.values()) {
        hosts[host.id] = {
          namespace: backend.namespaceOf(host.id),
          interfaces: host.interfaces.map((i) => ({ name: i.name, linkId: i.linkId, address: i.address, mac: i.mac })),
        };
      }
    return {
      state: this.state,
      backend: this.backend?.name,
      reason: this.reason,
      revision: 0,
      directory: this.directory?.path,
      faults: NO_FAULTS,
      hosts,
    };
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private machineOf(host: string): HostMachine {
    const planned = this.plan.hosts.get(host);
    if (this.state !== 'running' || !this.backend || !this.directory)
      throw new RpcError(RPC_ERRORS.notRunning, 'the network is not running');
    if (!planned) throw new RpcError(RPC_ERRORS.noSuchHost, `no host "${host}" in the running network`);
    return {
      namespace: this.backend.namespaceOf(host),
      hostname: planned.name,
      privateDirs: this.directory.privateDirsOf(host),
    };
  }

  private chooseBackend(asked: BackendName | undefined): Backend {
    if (this.backend) {
      if (asked && asked !== this.backend.name)
        throw new RpcError(
          RPC_ERRORS.invalidParams,
          `the network runs on the ${this.backend.name} backend; stop it before switching to ${asked}`,
        );
      return this.backend;
    }
    const name = asked ?? this.preferred;
    const option = this.backends[name];
    if (!option.support.available)
      throw new RpcError(RPC_ERRORS.backendUnavailable, `backend ${name} is not available: ${option.support.reason}`);
    this.reason =
      asked !== undefined
        ? `${name}: asked for`
        : name === 'kmod'
          ? 'kmod: the vnet module is loaded'
          : `netns: ${this.backends.kmod.support.reason ?? 'the module is not available'}`;
    return option.create();
  }

  private async apply(topology: Topology, asked: BackendName | undefined) {
    // The params schema has parsed the structure already; what is left are the version and the
    // cross-field rules. Those never look at link parameters or positions, so an edit of only those
    // keeps the running plan, already checked, and skips planning the whole network again.
    if (topology.version !== TOPOLOGY_VERSION)
      throw new RpcError(
        RPC_ERRORS.invalidParams,
        `version: unsupported version ${topology.version} (this vnet reads version ${TOPOLOGY_VERSION})`,
      );
    const fast = this.topology && paramsOnlyChange(this.topology, this.plan, topology);
    const desired = fast ? fast.plan : this.checkedPlan(topology);
    const backend = this.chooseBackend(asked);
    const diff = fast ? fast.diff : diffPlans(this.plan, desired);
    const starting = this.state !== 'running';
    if (starting) this.setState('starting');
    this.backend = backend;
    this.processes.kill({ hosts: new Set(diff.removedHosts.map((h) => h.id)) });
    let warnings: string[];
    try {
      if (starting) this.directory = NetworkDirectory.open(topology.name, this.invoker);
      const directory = must(this.directory, 'the network directory');
      // Directories (disk) are made while the backend builds (kernel); both must succeed.
      [, warnings] = await bothSettled(
        directory.update(privateDirsOf(topology, desired), new Set(diff.addedHosts.map((h) => h.id))),
        backend.apply(diff, desired),
      );
    } catch (error) {
      await this.teardown('failed', `apply failed: ${(error as Error).message}`);
      throw error;
    }
    warnings.push(...unshapedLinkWarnings(this.plan, desired));
    this.plan = desired;
    this.topology = topology;
    this.setState('running');
    for (const host of diff.addedHosts) {
      for (const spec of host.processes) {
        try {
          this.processes.start({ host: host.id, ...this.machineOf(host.id), ...spec }, undefined, undefined);
        } catch (error) {
          warnings.push(`host ${host.id}: cannot start ${spec.argv.join(' ')}: ${(error as Error).message}`);
        }
      }
    }
    return { status: this.status(), ...diff.summary, warnings };
  }

  private checkedPlan(topology: Topology): NetworkPlan {
    const problems = checkTopology(topology);
    if (problems.length) throw new RpcError(RPC_ERRORS.invalidParams, formatProblems(problems), { problems });
    try {
      return planNetwork(topology, this.plan);
    } catch (error) {
      if (error instanceof PlanError) throw new RpcError(RPC_ERRORS.invalidParams, error.message);
      throw error;
    }
  }

  private async stop(purge = false): Promise<NetworkStatus> {
    if (this.backend) {
      this.setState('stopping');
      await this.teardown('stopped');
    }
    if (purge && this.directory) {
      await this.directory.purge();
      this.directory = undefined;
    }
    return this.status();
  }

  private async teardown(state: NetworkState, reason?: string): Promise<void> {
    this.processes.kill({});
    this.directory?.close();
    try {
      await this.backend?.stop();
    } finally {
      this.backend = undefined;
      this.plan = EMPTY_PLAN;
      this.topology = undefined;
      this.reason = reason;
      this.setState(state);
    }
  }

  /** Stops the network (helper exit). */
  shutdown(): Promise<NetworkStatus> {
    return this.serialised(() => this.stop());
  }

  private setState(state: NetworkState): void {
    if (state === this.state) return;
    this.state = state;
    this.broadcast('network.state', this.status());
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

  private subscribe(session: Session, hz: number): void {
    this.unsubscribe(session);
    if (hz === 0) return;
    const subscription: Subscription = {
      sampler: new StatsSampler(),
      busy: false,
      timer: setInterval(() => void this.tick(session, subscription), 1000 / hz),
    };
    this.subscriptions.set(session, subscription);
  }

  private unsubscribe(session: Session): void {
    const subscription = this.subscriptions.get(session);
    if (subscription) clearInterval(subscription.timer);
    this.subscriptions.delete(session);
  }

  /** One sample; skipped while the previous one is still being read. */
  private async tick(session: Session, subscription: Subscription): Promise<void> {
    if (subscription.busy || this.state !== 'running' || !this.backend) return;
    subscription.busy = true;
    try {
      const plan = this.plan;
      const counters = await this.backend.counters();
      if (this.subscriptions.get(session) === subscription)
        session.send(notificationLine('stats', subscription.sampler.sample(plan, counters)));
    } catch {
      // The network changed under the read; the next tick reads again.
    } finally {
      subscription.busy = false;
    }
  }
}

/** Both results once both have settled (a failure never leaves the other running), or the first failure. */
async function bothSettled<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
}

/** Every stack node of the plan → the privateDirs its node asks for. */
function privateDirsOf(topology: Topology, plan: NetworkPlan): Map<string, readonly string[]> {
  return new Map(topology.nodes.filter((n) => plan.hosts.has(n.id)).map((n) => [n.id, n.privateDirs ?? []]));
}

function notYet(method: string): never {
  throw new RpcError(RPC_ERRORS.methodNotFound, `${method} is not available in this build`);
}

function noSuchProcess(pid: number): RpcError {
  return new RpcError(RPC_ERRORS.noSuchProcess, `no process ${pid} started by this helper is running`);
}
