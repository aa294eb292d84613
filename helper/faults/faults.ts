/**
 * Faults the document does not hold: partitions, crashed nodes and the seed
 * of the links' random generators. They live on top of the running network
 * (network/running.ts): a change of the document keeps them (a crashed
 * node's new links stay down, partitions follow new addresses, new links
 * start from the seed) and a stop ends them.
 */
import {
  interfaceAddresses,
  NO_FAULTS,
  RPC_ERRORS,
  type FaultState,
  type ParsedParams,
  type Partition,
} from '../../common/protocol/helper.js';
import { STACK_KINDS, type Topology } from '../../common/topology/index.js';
import { must } from '../must.js';
import type { RunningNetwork } from '../network/running.js';
import type { NetworkDiff } from '../plan/diff.js';
import { withoutPrefix, type PlannedLink } from '../plan/plan.js';
import type { ProcessTable } from '../processes.js';
import { RpcError } from '../rpc.js';
import { nftInstalled, NFT_MISSING, type DropRule } from './nft.js';
import { interfaceSeeds, trunkEnds } from './seed.js';
import { run } from '../run.js';

export class Faults {
  private partitions: Partition[] = [];
  private readonly crashed = new Set<string>();
  /** The last network.reseed's seed: interfaces made later start from it too. */
  private seed?: number;

  constructor(
    private readonly network: RunningNetwork,
    private readonly processes: ProcessTable,
    private readonly notify: (state: FaultState) => void,
  ) {}

  state(): FaultState {
    if (this.partitions.length === 0 && this.crashed.size === 0) return NO_FAULTS;
    return { partitions: this.partitions.map((p) => ({ ...p })), crashed: [...this.crashed] };
  }

  async partition(p: ParsedParams<'network.partition'>): Promise<FaultState> {
    const [a, b] = p.groups;
    const named = [...a, ...b];
    const seen = new Set<string>();
    const twice = new Set(named.filter((id) => seen.size === seen.add(id).size));
    if (twice.size)
      throw invalid(
        `groups: ${[...twice].map((id) => `"${id}"`).join(', ')} named more than once (a node is in one group)`,
      );
    const nodes = this.nodesById();
    for (const id of named) this.stackNode(id, 'groups', nodes);
    // Only the netns fabric's bridge table needs nft; the module keeps its own table.
    if (this.network.backend?.name === 'netns' && !nftInstalled())
      throw new RpcError(RPC_ERRORS.backendUnavailable, NFT_MISSING);
    const added: Partition[] = [{ from: [...a], to: [...b] }];
    if (!p.oneway) added.push({ from: [...b], to: [...a] });
    await this.install([...this.partitions, ...added]);
    return this.changedFaults();
  }

  async heal(): Promise<FaultState> {
    this.running();
    if (this.partitions.length) await this.install([]);
    return this.changedFaults();
  }

  /** Every link direction's generator restarted from its own seed (seed.ts), in one step over the module. */
  async reseed(p: ParsedParams<'network.reseed'>): Promise<null> {
    this.running();
    const backend = must(this.network.backend, 'backend');
    if (!backend.reseed)
      throw new RpcError(
        RPC_ERRORS.backendUnavailable,
        `the ${backend.name} backend cannot make loss, duplication or jitter reproducible: the kernel draws ` +
          'them from its own random numbers, which no seed restarts. Run the network on the vnet module ' +
          '(backend kmod) to drop the same packets in every run.',
      );
    const interfaces = [...this.network.plan.hosts.values()].flatMap((h) => h.interfaces);
    await backend.reseed(interfaceSeeds(p.seed, [...interfaces, ...trunkEnds(this.network.plan.links.values())]));
    this.seed = p.seed;
    return null;
  }

  /** Carrier off on all the node's links (both ends: the cable is unplugged), then every process in it killed. */
  async crash(p: ParsedParams<'node.crash'>): Promise<FaultState> {
    this.stackNode(p.node, 'node');
    if (this.crashed.has(p.node)) throw invalid(`node: "${p.node}" has crashed already (node.restart brings it back)`);
    const links = this.linksOf(p.node);
    const keys = links.flatMap((l) => l.interfaces);
    if (keys.length) await must(this.network.backend, 'backend').setCarrier(keys, false);
    this.crashed.add(p.node);
    this.processes.kill({ hosts: new Set([p.node]) });
    this.network.stopRouter(p.node);
    // Programs its processes started on their own (daemons) are not in the table: the namespace knows them.
    await killAllIn(this.network.namespaceOf(p.node));
    return this.changedFaults();
  }

  /** Its links as the document says (unless the other end is down too), its document processes again. */
  async restart(p: ParsedParams<'node.restart'>): Promise<FaultState> {
    const host = this.stackNode(p.node, 'node');
    if (!this.crashed.has(p.node)) throw invalid(`node: "${p.node}" has not crashed`);
    this.crashed.delete(p.node);
    try {
      await this.network.setCarriers(this.linksOf(p.node));
    } catch (error) {
      this.crashed.add(p.node);
      throw error;
    }
    await this.network.rebootDirectories(p.node);
    this.network.startDocumentProcesses(host);
    await this.network.startRouters([host]);
    return this.changedFaults();
  }

  /** Refuses to start a program on a crashed node. */
  refuseCrashed(node: string): void {
    if (this.crashed.has(node))
      throw invalid(`host "${node}" has crashed: restart it (node.restart) before running programs on it`);
  }

  /** Whether a node has crashed (its processes and FRR stay down until node.restart). */
  isCrashed(node: string): boolean {
    return this.crashed.has(node);
  }

  /** A crashed end holds a link's carrier off. */
  heldDown(link: PlannedLink): boolean {
    const plan = this.network.plan;
    return [...this.crashed].some((id) => plan.hosts.get(id)?.interfaces.some((i) => i.linkId === link.id));
  }

  /** After a document change: faults of nodes that are gone end; the rest follow the new plan. */
  async changed(diff: NetworkDiff): Promise<void> {
    const plan = this.network.plan;
    const before = this.state();
    for (const id of this.crashed) if (!plan.hosts.has(id)) this.crashed.delete(id);
    const newLinks = new Set(diff.addedInterfaces.filter((i) => this.crashed.has(i.node)).map((i) => i.linkId));
    await this.network.setCarriers([...newLinks].map((id) => must(plan.links.get(id), `link ${id}`)));
    if (this.seed !== undefined && diff.addedInterfaces.length + diff.addedTrunks.length)
      await this.network.backend?.reseed?.(
        interfaceSeeds(this.seed, [...diff.addedInterfaces, ...trunkEnds(diff.addedTrunks)]),
      );
    // With no partition in force there is nothing to follow: no nft run on every structural edit.
    if (this.partitions.length) {
      const kept = this.partitions
        .map((p) => ({ from: p.from.filter((id) => plan.hosts.has(id)), to: p.to.filter((id) => plan.hosts.has(id)) }))
        .filter((p) => p.from.length && p.to.length);
      const readdressed = diff.addedInterfaces.length + diff.removedInterfaces.length > 0;
      if (readdressed || kept.length !== this.partitions.length) await this.install(kept);
    }
    if (JSON.stringify(before) !== JSON.stringify(this.state())) this.notify(this.state());
  }

  stopped(): void {
    const had = this.partitions.length + this.crashed.size > 0;
    this.partitions = [];
    this.crashed.clear();
    this.seed = undefined;
    if (had) this.notify(NO_FAULTS);
  }

  private changedFaults(): FaultState {
    const state = this.state();
    this.notify(state);
    return state;
  }

  private async install(partitions: Partition[]): Promise<void> {
    const backend = must(this.network.backend, 'backend');
    await backend.setPartitions(partitions.map((p) => this.dropRule(p)));
    this.partitions = partitions;
  }

  private dropRule(p: Partition): DropRule {
    return {
      from: p.from,
      fromAddresses: this.addressesOf(p.from),
      to: p.to,
      toAddresses: this.addressesOf(p.to),
    };
  }

  private addressesOf(nodes: readonly string[]): string[] {
    const plan = this.network.plan;
    const interfaces = nodes.flatMap((id) => plan.hosts.get(id)?.interfaces ?? []);
    return interfaces.flatMap((i) => interfaceAddresses(i).map(withoutPrefix));
  }

  private linksOf(node: string): PlannedLink[] {
    const plan = this.network.plan;
    const host = must(plan.hosts.get(node), `host ${node}`);
    return [...new Set(host.interfaces.map((i) => i.linkId))].map((id) => must(plan.links.get(id), `link ${id}`));
  }

  private running(): void {
    this.network.document();
  }

  private nodesById(): Map<string, Topology['nodes'][number]> {
    return new Map(this.network.document().topology.nodes.map((n) => [n.id, n]));
  }

  /** A running stack node, or a message naming what `field` got wrong. */
  private stackNode(id: string, field: string, nodes = this.nodesById()) {
    const node = nodes.get(id);
    if (!node) throw invalid(`${field}: no node "${id}" in the running network`);
    if (!STACK_KINDS.includes(node.kind))
      throw invalid(`${field}: "${id}" is a ${node.kind}; only hosts and routers can be named here`);
    return must(this.network.plan.hosts.get(id), `host ${id}`);
  }
}

/** Kills every process in a namespace, those the helper started and those they started in turn. */
async function killAllIn(namespace: string): Promise<void> {
  const pids = (await run(['ip', 'netns', 'pids', namespace])).split(/\s+/).filter(Boolean).map(Number);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}

function invalid(message: string): RpcError {
  return new RpcError(RPC_ERRORS.invalidParams, message);
}
