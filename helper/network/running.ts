/**
 * The one running network: its document and revision, its plan, the
 * backend that built it. Every accepted apply or patch goes through one
 * change: the running lab's locks, plan (or the fast path when only links' parameters or state
 * changed), diff, backend, carriers, document processes of added hosts.
 * Callers serialise changes (see service.ts).
 */
import {
  RPC_ERRORS,
  type ChangeSummary,
  type HostStatus,
  type NetworkState,
  type ParsedParams,
  type PatchResult,
  type RunningDocument,
} from '../../common/protocol/helper.js';
import { lockViolations } from '../../common/lab/locks.js';
import {
  capacityProblems,
  checkTopology,
  formatProblems,
  TOPOLOGY_VERSION,
  type ProcessSpec,
  type Topology,
} from '../../common/topology/index.js';
import type { Backend } from '../backend.js';
import { diffPlans, EMPTY_PLAN, withFilesWritten, withPrograms, type NetworkDiff } from '../plan/diff.js';
import { paramsOnlyChange } from '../plan/params-only.js';
import { PlanError, planNetwork, type NetworkPlan, type PlannedHost, type PlannedLink } from '../plan/plan.js';
import { NetworkDirectory } from '../hostdirs/directory.js';
import type { HostMachine, Invoker, ProcessTable } from '../processes.js';
import { FRR_MISSING, frrInstalled, RouterDaemons } from '../routing/daemons.js';
import { readFrrFiles } from '../routing/frr-files.js';
import { must } from '../must.js';
import { RpcError } from '../rpc.js';
import type { BackendChoice } from './backend-choice.js';
import { machineCapacity } from './capacity.js';
import { fitKernelLimits, networkSize } from './kernel-limits.js';
import { mergePatch, PatchError } from './patch.js';
import { LinkPrograms } from '../programs/link-programs.js';

/** Refuses, before anything is built, more hosts and routers than the machine can hold. */
function refuseBeyondMachine(diff: NetworkDiff): void {
  if (diff.addedHosts.length === 0) return;
  const problems = capacityProblems(diff.addedHosts.length, machineCapacity());
  if (problems.length) throw new RpcError(RPC_ERRORS.invalidParams, formatProblems(problems), { problems });
}

/** What the faults layer adds to a change: carriers it holds off, and following the new plan. */
export interface FaultHooks {
  /** Whether a link's carrier is held off whatever the document says (an end crashed). */
  heldDown(link: PlannedLink): boolean;
  /** Whether a node has crashed: nothing of its own starts until it is restarted. */
  isCrashed(node: string): boolean;
  /** After an accepted change, with its diff. */
  changed(diff: NetworkDiff): Promise<void>;
  /** The network is gone. */
  stopped(): void;
}

export interface NetworkEvents {
  state(): void;
  changed(revision: number): void;
}

interface Change {
  diff: NetworkDiff;
  warnings: string[];
}

export class RunningNetwork {
  state: NetworkState = 'stopped';
  reason?: string;
  plan: NetworkPlan = EMPTY_PLAN;
  backend?: Backend;
  /** Counts accepted changes since the start (0 when stopped). */
  revision = 0;
  /** The document the running plan was made from. */
  private topology?: Topology;
  faults?: FaultHooks;
  /** The hosts' own directories: open while the network runs, kept (closed) after a stop until purged. */
  directory?: NetworkDirectory;
  /** The links' programs this helper loaded and the backend runs. */
  readonly programs = new LinkPrograms();
  /** The folder of the document last applied (network.apply's `directory`): where relative program files are. */
  private documentFolder?: string;
  /** The FRR of the routers that run it. */
  readonly routers = new RouterDaemons();

  constructor(
    private readonly choice: BackendChoice,
    private readonly processes: ProcessTable,
    private readonly invoker: Invoker,
    private readonly events: NetworkEvents,
  ) {}

  async apply(p: ParsedParams<'network.apply'>): Promise<ChangeSummary> {
    const { diff, warnings } = await this.change(p.topology, p.backend, p.directory);
    return { ...diff.summary, warnings };
  }

  async patch(p: ParsedParams<'network.patch'>): Promise<PatchResult> {
    const running = this.document();
    if (p.revision !== this.revision)
      throw new RpcError(
        RPC_ERRORS.staleRevision,
        `the patch was made against revision ${p.revision}, but the network has changed since (revision ${this.revision}): fetch it again and redo the change`,
      );
    let merged: Topology;
    try {
      merged = mergePatch(running.topology, p);
    } catch (error) {
      if (error instanceof PatchError) throw new RpcError(RPC_ERRORS.invalidParams, error.message);
      throw error;
    }
    const { diff, warnings } = await this.change(merged, undefined, this.documentFolder);
    return { revision: this.revision, ...diff.summary, warnings, hosts: this.hostsChanged(diff) };
  }

  /** The running document and its revision. */
  document(): RunningDocument & { topology: Topology } {
    if (this.state !== 'running' || !this.topology)
      throw new RpcError(RPC_ERRORS.notRunning, 'the network is not running');
    return { topology: this.topology, revision: this.revision };
  }

  private hostStatus(backend: Backend, host: PlannedHost): HostStatus {
    return {
      namespace: backend.namespaceOf(host.id),
      interfaces: host.interfaces.map((i) => ({
        name: i.name,
        linkId: i.linkId,
        address: i.address,
        ...(i.address6 !== undefined && { address6: i.address6 }),
        mac: i.mac,
      })),
    };
  }

  hosts(): Record<string, HostStatus> {
    const hosts: Record<string, HostStatus> = {};
    const backend = this.backend;
    if (backend) for (const host of this.plan.hosts.values()) hosts[host.id] = this.hostStatus(backend, host);
    return hosts;
  }

  /** The namespace of a running stack node; notRunning or noSuchHost otherwise. */
  namespaceOf(host: string): string {
    return this.machineOf(host).namespace;
  }

  /** What a process of a running stack node enters: its namespace, name and own directories. */
  machineOf(host: string): HostMachine {
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

  /** Starts a stack node's document processes; a warning per program that cannot start. */
  startDocumentProcesses(host: PlannedHost): string[] {
    if (!this.backend) return [];
    return host.processes.flatMap((spec) => {
      try {
        this.processes.start({ host: host.id, ...this.machineOf(host.id), ...spec }, undefined, undefined);
        return [];
      } catch (error) {
        return [`host ${host.id}: cannot start ${spec.argv.join(' ')}: ${(error as Error).message}`];
      }
    });
  }

  /**
   * The document processes of hosts kept (not added, not crashed) that name a template file the change
   * rewrote (nginx -c /etc/nginx/vnet.conf): stopped and started again, to read it as it is now.
   */
  private async restartReaders(
    previous: NetworkPlan,
    withNewFiles: readonly PlannedHost[],
    added: readonly PlannedHost[],
  ): Promise<string[]> {
    const fresh = new Set(added.map((h) => h.id));
    const warnings: string[] = [];
    for (const host of withNewFiles) {
      const before = previous.hosts.get(host.id);
      if (!before || fresh.has(host.id) || this.faults?.isCrashed(host.id)) continue;
      const rewritten = host.files
        .filter((f) => before.files.find((o) => o.path === f.path)?.content !== f.content)
        .map((f) => f.path);
      const reads = (spec: ProcessSpec) => rewritten.some((path) => JSON.stringify(spec).includes(path));
      const stale = new Set(before.processes.filter(reads).map((spec) => JSON.stringify(spec.argv)));
      const running = this.processes.list(host.id).filter((p) => stale.has(JSON.stringify(p.argv)));
      await Promise.all(running.map((p) => this.processes.stop(p.pid)));
      warnings.push(...this.startDocumentProcesses({ ...host, processes: host.processes.filter(reads) }));
    }
    return warnings;
  }

  /** Starts the FRR of those hosts that run it (helper/routing/); a warning per router where it did not start. */
  startRouters(hosts: readonly PlannedHost[]): Promise<string[]> {
    return this.routers.start(hosts, (id) => this.machineOf(id));
  }

  /** Stops a node's FRR, if it runs one, for good (a crash: nothing restarts it until startRouters). */
  stopRouter(node: string): void {
    this.routers.stop(new Set([node]));
  }

  /** A restarted node comes back as a rebooted machine: its /run and /tmp empty, its logs and privateDirs kept. */
  async rebootDirectories(node: string): Promise<void> {
    this.document(); // refuses when not running
    await must(this.directory, 'the network directory').update(privateDirsOf(this.plan), new Set([node]));
  }

  /** Carriers of these links as the document says, unless an end is held down. */
  async setCarriers(links: readonly PlannedLink[]): Promise<void> {
    const backend = this.backend;
    if (!backend) return;
    const connected = (l: PlannedLink) => l.up && !(this.faults?.heldDown(l) ?? false);
    for (const up of [false, true]) {
      const keys = links.filter((l) => connected(l) === up).flatMap((l) => l.interfaces);
      if (keys.length) await backend.setCarrier(keys, up);
    }
  }

  private async change(
    topology: Topology,
    asked: ParsedParams<'network.apply'>['backend'],
    folder: string | undefined,
  ): Promise<Change> {
    // The params schema has parsed the structure already; what is left are the version and the
    // cross-field rules. Those never look at link parameters, state or positions, so an edit of only
    // those keeps the running plan, already checked, and skips planning the whole network again.
    if (topology.version !== TOPOLOGY_VERSION)
      throw new RpcError(
        RPC_ERRORS.invalidParams,
        `version: unsupported version ${topology.version} (this vnet reads version ${TOPOLOGY_VERSION})`,
      );
    const running = this.topology;
    if (running) refuseLocked(running, topology);
    const fast = running && planned(() => paramsOnlyChange(running, this.plan, topology));
    const desired = fast ? fast.plan : await this.checkedPlan(topology, folder);
    const { backend, reason } = this.choice.choose(asked, this.backend);
    const asWritten = fast ? fast.diff : diffPlans(this.plan, desired);
    // Objects rebuilt since they were loaded go in again with whatever else changed.
    const diff = withPrograms(asWritten, this.programs.rebuilt(desired, asWritten.programs));
    refuseBeyondMachine(diff);
    const restarted = diff.restartedRouters.filter((h) => !this.faults?.isCrashed(h.id));
    const routersStarting = [...diff.addedHosts, ...restarted];
    if (routersStarting.some((h) => h.frr) && !frrInstalled())
      throw new RpcError(RPC_ERRORS.invalidParams, FRR_MISSING);
    // Loaded (or refused, nothing changed) before anything is built.
    const programs = await this.programs.stage(
      diff.programs,
      folder,
      () => backend.programsUnavailable(),
      this.invoker,
    );
    // The machine is changed only once nothing above has refused the change.
    const limits = diff.addedInterfaces.length + diff.addedTrunks.length ? fitKernelLimits(networkSize(desired)) : [];
    const starting = this.state !== 'running';
    if (starting) this.setState('starting');
    if (reason !== undefined) this.reason = reason;
    this.backend = backend;
    this.processes.kill({ hosts: new Set(diff.removedHosts.map((h) => h.id)) });
    this.routers.stop(new Set(diff.removedHosts.map((h) => h.id)));
    // Before their routes are rewritten: zebra takes out its own as it ends.
    await this.routers.shutDown(new Set(diff.restartedRouters.map((h) => h.id)));
    let warnings: string[];
    // The very same hosts (the fast path keeps them): their directories and files stand as they are.
    const sameHosts = desired.hosts === this.plan.hosts;
    const withNewFiles = sameHosts ? [] : filesChanged(this.plan, desired);
    try {
      if (starting) this.directory = NetworkDirectory.open(topology.name, this.invoker);
      const directory = must(this.directory, 'the network directory');
      // Directories (disk) are made while the backend builds (kernel); both must succeed.
      [, warnings] = await bothSettled(
        sameHosts ? undefined : directory.update(privateDirsOf(desired), new Set(diff.addedHosts.map((h) => h.id))),
        backend.apply(diff, desired),
      );
      await backend.setPrograms(programs.changes);
      // Before any process of theirs starts (below), as a machine has its configuration on disk at boot.
      if (withNewFiles.length) await directory.writeFiles(withNewFiles);
    } catch (error) {
      this.programs.abort(programs);
      await this.teardown('failed', `apply failed: ${(error as Error).message}`);
      throw error;
    }
    this.programs.commit(programs, desired);
    this.documentFolder = folder;
    const previous = this.plan;
    this.plan = desired;
    // The network is built as asked; a link state the backend could not set is said, not fatal.
    await this.setCarriers(diff.carrier).catch((error: Error) =>
      warnings.push(`links ${diff.carrier.map((l) => l.id).join(', ')}: state not applied: ${error.message}`),
    );
    this.topology = topology;
    this.revision++;
    this.setState('running');
    warnings.push(...limits);
    for (const host of diff.addedHosts) warnings.push(...this.startDocumentProcesses(host));
    warnings.push(...(await this.restartReaders(previous, withNewFiles, diff.addedHosts)));
    warnings.push(...(await this.startRouters(routersStarting)));
    await this.faults?.changed(diff);
    this.events.changed(this.revision);
    return { diff: withFilesWritten(diff, withNewFiles), warnings };
  }

  /** Hosts whose status a change altered: added or re-addressed ones, null for removed ones. */
  private hostsChanged(diff: NetworkDiff): PatchResult['hosts'] {
    const hosts: PatchResult['hosts'] = {};
    const backend = must(this.backend, 'backend');
    for (const h of diff.removedHosts) hosts[h.id] = null;
    const touched = new Set([
      ...diff.addedHosts.map((h) => h.id),
      ...[...diff.removedInterfaces, ...diff.addedInterfaces].map((i) => i.node),
    ]);
    for (const id of touched) {
      const host = this.plan.hosts.get(id);
      if (host) hosts[id] = this.hostStatus(backend, host);
    }
    return hosts;
  }

  /** The plan of a checked document, its routers' FRR files read (from `folder` when relative). */
  private async checkedPlan(topology: Topology, folder: string | undefined): Promise<NetworkPlan> {
    const problems = checkTopology(topology);
    if (problems.length) throw new RpcError(RPC_ERRORS.invalidParams, formatProblems(problems), { problems });
    const withFiles = await readFrrFiles(topology, folder, this.invoker);
    return planned(() => planNetwork(withFiles, this.plan));
  }

  /** Stops the network; purge also deletes its directory (kept otherwise, for reading what hosts wrote). */
  async stop(purge: boolean): Promise<void> {
    if (this.backend) {
      this.setState('stopping');
      await this.teardown('stopped');
    }
    if (purge && this.directory) {
      await this.directory.purge();
      this.directory = undefined;
    }
  }

  private async teardown(state: NetworkState, reason?: string): Promise<void> {
    this.processes.kill({});
    this.routers.stop();
    this.directory?.close();
    try {
      await this.backend?.stop();
    } finally {
      this.backend = undefined;
      this.programs.closeAll();
      this.plan = EMPTY_PLAN;
      this.topology = undefined;
      this.revision = 0;
      this.reason = reason;
      this.faults?.stopped();
      this.setState(state);
    }
  }

  private setState(state: NetworkState): void {
    if (state === this.state) return;
    this.state = state;
    this.events.state();
  }
}

/** A change of what the running document's lab locks is refused whole, each violation named; starting never is. */
function refuseLocked(running: Topology, topology: Topology): void {
  const violations = lockViolations(running, topology);
  if (violations.length) throw new RpcError(RPC_ERRORS.locked, violations.join('\n'), { violations });
}

/** Planning's refusals (PlanError) as the invalid params they are. */
function planned<T>(plan: () => T): T {
  try {
    return plan();
  } catch (error) {
    if (error instanceof PlanError) throw new RpcError(RPC_ERRORS.invalidParams, error.message);
    throw error;
  }
}

/** Both results once both have settled (a failure never leaves the other running), or the first failure. */
async function bothSettled<A, B>(a: Promise<A> | A, b: Promise<B>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
}

/** Every stack node of the plan → its privateDirs (its template's and its own). */
function privateDirsOf(plan: NetworkPlan): Map<string, readonly string[]> {
  return new Map([...plan.hosts.values()].map((h) => [h.id, h.privateDirs]));
}

/** Hosts of desired whose template files are new or differ from the running plan's. */
function filesChanged(running: NetworkPlan, desired: NetworkPlan): PlannedHost[] {
  return [...desired.hosts.values()].filter(
    (h) => h.files.length > 0 && JSON.stringify(h.files) !== JSON.stringify(running.hosts.get(h.id)?.files),
  );
}
