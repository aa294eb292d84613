/**
 * checks.run: every check named against the running document first, then
 * all answered concurrently (programs in hosts through one Gate), each in
 * its own words. What one run reads of a host (its tables, its processes)
 * is read once and shared by the checks that ask it. Nothing here changes
 * the network.
 */
import { checkNameProblems } from '../../common/checks/names.js';
import type { Check, CheckOutcome } from '../../common/checks/schema.js';
import { parseIpv4 } from '../../common/net/ipv4.js';
import { RPC_ERRORS } from '../../common/protocol/helper.js';
import { formatProblems, type Topology } from '../../common/topology/index.js';
import type { Faults } from '../faults/faults.js';
import type { RunningNetwork } from '../network/running.js';
import { withoutPrefix } from '../plan/plan.js';
import type { ProcessTable } from '../processes.js';
import { RpcError } from '../rpc.js';
import { commandOutcome, commandTimeoutMs } from './command.js';
import { Gate } from './gate.js';
import { addressOutcome, parseHostState, READ_STATE, routeOutcome, type HostState } from './host-state.js';
import type { HostRun } from './agents.js';
import { HostRunner } from './in-host.js';
import { linkOutcome } from './link.js';
import {
  LIST_LISTENING,
  listeningOutcome,
  namespaceKey,
  parseListening,
  processNames,
  processOutcome,
  scanNamespaces,
  type HostProcess,
  type ListeningPorts,
} from './processes.js';
import { probeArgv, reachableOutcome } from './reachable.js';

/** Programs running for checks at once, whatever the number of checks. */
export const CHECK_PROGRAMS_AT_ONCE = 32;
/** How long reading a host's tables or listening sockets may take: at once when idle, seconds under load. */
const READ_MS = 15_000;

export class CheckRunner {
  private readonly hosts: HostRunner;

  constructor(
    private readonly network: RunningNetwork,
    private readonly faults: Faults,
    processes: ProcessTable,
  ) {
    this.hosts = new HostRunner(processes, new Gate(CHECK_PROGRAMS_AT_ONCE));
  }

  /** The outcomes in the checks' order; invalidParams naming each unknown node or link, before any runs. */
  async run(checks: readonly Check[], timeoutMs: number): Promise<CheckOutcome[]> {
    this.hosts.retain((node) => this.network.state === 'running' && this.network.plan.hosts.has(node));
    const { topology } = this.network.document();
    const problems = checks.flatMap((check, i) => checkNameProblems(check, topology, `checks[${i}]`));
    if (problems.length) throw new RpcError(RPC_ERRORS.invalidParams, formatProblems(problems), { problems });
    const run = new CheckRun(this.network, this.faults, this.hosts, topology, timeoutMs);
    return Promise.all(checks.map((check) => run.answer(check)));
  }

  /** The network stops: what checks keep in its hosts ends, so their namespaces can go. */
  stop(): void {
    this.hosts.retain();
  }
}

/** The node a check runs in or reads, if any. */
function subjectOf(check: Check): string | undefined {
  if (check.kind === 'reachable') return check.from;
  return check.kind === 'link' ? undefined : check.node;
}

/** One checks.run: its deadline and what it has read of each host so far. */
class CheckRun {
  private readonly states = new Map<string, Promise<HostState>>();
  private readonly listeners = new Map<string, Promise<ListeningPorts>>();
  private namespaces?: Map<string, number[]>;
  private readonly crashed: ReadonlySet<string>;

  constructor(
    private readonly network: RunningNetwork,
    private readonly faults: Faults,
    private readonly hosts: HostRunner,
    private readonly topology: Topology,
    private readonly timeoutMs: number,
  ) {
    this.crashed = new Set(faults.state().crashed);
  }

  async answer(check: Check): Promise<CheckOutcome> {
    const node = subjectOf(check);
    if (node !== undefined && this.crashed.has(node))
      return { ok: false, seen: `${node} has crashed: nothing runs on it until it is restarted` };
    try {
      return await this.answerKind(check);
    } catch (error) {
      return { ok: false, seen: `could not check: ${(error as Error).message}` };
    }
  }

  private async answerKind(check: Check): Promise<CheckOutcome> {
    switch (check.kind) {
      case 'reachable': {
        const address = parseIpv4(check.to) === undefined ? this.firstAddress(check.to) : check.to;
        if (address === undefined) return { ok: !check.expect, seen: `${check.to} has no address` };
        const machine = this.network.machineOf(check.from);
        const argv = probeArgv(check, address, this.timeoutMs);
        const run = await this.hosts.probe(check.from, machine, { argv }, this.timeoutMs);
        return reachableOutcome(check, address, run, this.timeoutMs);
      }
      case 'address':
        return addressOutcome(check, await this.state(check.node));
      case 'route':
        return routeOutcome(check, await this.state(check.node));
      case 'listening':
        return listeningOutcome(check, (await this.listening(check.node))[check.protocol]);
      case 'process':
        return processOutcome(check, this.processesOf(check.node));
      case 'command': {
        const timeoutMs = commandTimeoutMs(check);
        return commandOutcome(check, await this.runIn(check.node, check.argv, timeoutMs), timeoutMs);
      }
      case 'link': {
        const link = this.topology.links.find((l) => l.id === check.link);
        const planned = this.network.plan.links.get(check.link);
        if (!link || !planned) return { ok: false, seen: `no link ${check.link} in the running network` };
        return linkOutcome(check, link, this.faults.heldDown(planned));
      }
    }
  }

  /** A node's first address, as the running status lists it. */
  private firstAddress(node: string): string | undefined {
    const first = this.network.plan.hosts.get(node)?.interfaces.find((i) => i.address)?.address;
    return first && withoutPrefix(first);
  }

  private async runIn(node: string, argv: string[], timeoutMs: number): Promise<HostRun> {
    const machine = this.network.machineOf(node);
    try {
      return await this.hosts.run({ argv, ...machine }, timeoutMs);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new Error(`no program ${argv[0]} on ${node}`, { cause: error });
      throw error;
    }
  }

  /**
   * The tables of a host, read once per run for all its address and route checks. A read, not a probe
   * with a deadline: it has READ_MS whatever the checks' timeout (a loaded machine took more than 4 s).
   */
  private state(node: string): Promise<HostState> {
    let state = this.states.get(node);
    if (!state) {
      const machine = this.network.machineOf(node);
      state = this.hosts.probe(node, machine, { script: READ_STATE }, READ_MS).then((run) => {
        if (run.exit !== 0) throw new Error(`the addresses and routes of ${node} could not be read`);
        return parseHostState(run.stdout);
      });
      this.states.set(node, state);
    }
    return state;
  }

  private pidsOf(node: string): number[] {
    this.namespaces ??= scanNamespaces();
    return this.namespaces.get(namespaceKey(this.network.namespaceOf(node))) ?? [];
  }

  /** The node's processes but those checks run there. */
  private processesOf(node: string): HostProcess[] {
    const ours = this.hosts.sessions();
    return processNames(this.pidsOf(node)).filter((p) => !ours.has(p.session));
  }

  /** What listens in the node, read once per run for all its listening checks. */
  private listening(node: string): Promise<ListeningPorts> {
    let ports = this.listeners.get(node);
    if (!ports) {
      const machine = this.network.machineOf(node);
      ports = this.hosts.probe(node, machine, { argv: LIST_LISTENING }, READ_MS).then((run) => {
        if (run.exit !== 0) throw new Error(`what listens on ${node} could not be read`);
        return parseListening(run.stdout);
      });
      this.listeners.set(node, ports);
    }
    return ports;
  }
}
