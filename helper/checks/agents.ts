/**
 * A probe agent per host: one shell entered as every program of the host
 * is (ProcessTable.enter), kept while checks keep coming (`vnet check
 * --watch` asks every few seconds), that runs each probe it is sent as its
 * own child. Entering a host costs ~10 ms of CPU with 1,000 namespaces
 * mounted (the mount view is copied); the agent's fork of `ping` costs a
 * tenth of that. It ends when unused for AGENT_IDLE_MS, when its host goes
 * or changes namespace, with its stdin (helper gone), or crashed with its
 * host. Its session (it is a session leader) marks its processes, which a
 * process check does not count.
 */
import type { SpawnedProcess } from '../../native/index.js';
import type { HostMachine, ProcessTable } from '../processes.js';

/** What a program run in a host gave (run directly or by its probe agent). */
export interface HostRun {
  /** Exit code; null when a signal ended it (the deadline's SIGKILL included). */
  exit: number | null;
  stdout: string;
  stderr: string;
  /** Killed at its deadline. */
  timedOut: boolean;
}

export const AGENT_IDLE_MS = 30_000;
/** How long past a probe's own deadline the agent's answer may take before the probe counts as lost. */
const ANSWER_GRACE_MS = 2_000;
/** Ends each answer (ASCII record separator: no probe prints it). */
const END = '\n\x1e\n';

/**
 * Reads jobs `ID SECONDS ARG...` (arguments shell-quoted), runs each in the background under
 * `timeout -s KILL` (SECONDS `-`: ARG is a script of the helper's own, run by the shell without one),
 * and prints `ID EXIT`, its output (stdout and stderr together) and END when it ends: one printf,
 * so one write of a probe's few lines, which never mixes with another's.
 */
const AGENT_SCRIPT = `while IFS= read -r job; do
  eval "set -- $job"
  id=$1; t=$2; shift 2
  {
    if [ "$t" = - ]; then out=$(eval "$1" 2>&1 </dev/null)
    else out=$(exec timeout -s KILL "$t" "$@" 2>&1 </dev/null); fi
    printf '%s %s\\n%s\\n\\036\\n' "$id" "$?" "$out"
  } &
done
wait`;

/** What timeout -s KILL exits with when it had to kill. */
const KILLED = 128 + 9;

const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

export type AgentJob = { argv: readonly string[] } | { script: string };

interface Pending {
  resolve(run: HostRun): void;
  reject(error: Error): void;
}

class Agent {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private buffer = '';
  private idle?: NodeJS.Timeout;
  alive = true;

  constructor(
    readonly namespace: string,
    readonly child: SpawnedProcess,
    private readonly ended: () => void,
  ) {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => this.receive(text));
    child.stdin?.on('error', () => undefined);
    // Its exit may be read before its last answers: those are read first.
    void child.exited.then(() => setImmediate(() => this.end(new Error('the probe agent ended'))));
  }

  /** Runs argv, or a script of the helper's own (no timeout program in between: a read that cannot hang). */
  run(job: AgentJob, timeoutMs: number): Promise<HostRun> {
    const id = this.nextId++;
    this.touch();
    return new Promise<HostRun>((resolve, reject) => {
      const lost = setTimeout(() => {
        this.pending.delete(id);
        resolve({ exit: null, stdout: '', stderr: '', timedOut: true });
      }, timeoutMs + ANSWER_GRACE_MS);
      const settle =
        <T>(done: (value: T) => void) =>
        (value: T) => {
          clearTimeout(lost);
          this.pending.delete(id);
          done(value);
        };
      this.pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
      const line = 'script' in job ? `- ${quote(job.script)}` : `${timeoutMs / 1000} ${job.argv.map(quote).join(' ')}`;
      this.child.stdin?.write(`${id} ${line}\n`);
    });
  }

  /** Ends the agent: its stdin closed (the shell ends once its probes have); `now` kills it. */
  close(now: boolean): void {
    this.child.stdin?.end();
    if (now) this.child.kill('SIGKILL');
  }

  private touch(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.close(false), AGENT_IDLE_MS);
    this.idle.unref();
  }

  private receive(text: string): void {
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.indexOf(END)) >= 0) {
      const answer = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + END.length);
      const newline = answer.indexOf('\n');
      const [id = '', code = ''] = answer.slice(0, newline).split(' ');
      const exit = Number(code);
      this.pending.get(Number(id))?.resolve({
        exit: exit === KILLED ? null : exit,
        stdout: answer.slice(newline + 1),
        stderr: '',
        timedOut: exit === KILLED,
      });
    }
  }

  private end(error: Error): void {
    this.alive = false;
    clearTimeout(this.idle);
    for (const pending of [...this.pending.values()]) pending.reject(error);
    this.ended();
  }
}

export class ProbeAgents {
  private readonly agents = new Map<string, Agent>();

  constructor(private readonly processes: ProcessTable) {}

  /** Runs a probe in the node through its agent (started when it has none, or none in its current namespace). */
  run(node: string, machine: HostMachine, job: AgentJob, timeoutMs: number): Promise<HostRun> {
    let agent = this.agents.get(node);
    if (agent && (!agent.alive || agent.namespace !== machine.namespace)) {
      agent.close(true);
      agent = undefined;
    }
    if (!agent) {
      const child = this.processes.enter({ argv: ['sh', '-c', AGENT_SCRIPT], ...machine });
      const started: Agent = new Agent(machine.namespace, child, () => {
        if (this.agents.get(node) === started) this.agents.delete(node);
      });
      agent = started;
      this.agents.set(node, agent);
    }
    return agent.run(job, timeoutMs);
  }

  /** Sessions of the agents: their shells' pids. */
  sessions(): Set<number> {
    return new Set([...this.agents.values()].map((a) => a.child.pid));
  }

  /** Kills the agents of nodes the network no longer runs (all when given none): their namespaces may go. */
  retain(running: (node: string) => boolean = () => false): void {
    for (const [node, agent] of this.agents) if (!running(node)) agent.close(true);
  }
}
