/**
 * Programs run inside hosts for checks: entered as process.exec enters
 * them (ProcessTable.enter: the invoker, the host's namespaces and
 * directories), killed at their deadline, their output kept (up to a cap);
 * probes go through each host's agent (agents.ts). Checks start many at
 * once: a shared gate bounds how many run together.
 */
import type { HostMachine, HostProgram, ProcessTable } from '../processes.js';
import { ProbeAgents, type AgentJob, type HostRun } from './agents.js';
import type { Gate } from './gate.js';

/** Output kept per stream: enough for a pattern or a routing table, not a flood. */
const OUTPUT_CAP = 256 * 1024;
/** How long output may still arrive once the program ended (a daemon it started may hold the pipe). */
const OUTPUT_GRACE_MS = 200;

export class HostRunner {
  /** Pids of the programs running for checks now (each leads its session). */
  private readonly running = new Set<number>();
  private readonly agents: ProbeAgents;

  constructor(
    private readonly processes: ProcessTable,
    private readonly gate: Gate,
  ) {
    this.agents = new ProbeAgents(processes);
  }

  /** Runs the program; rejects only when it cannot start (no such program...). */
  run(program: HostProgram, timeoutMs: number): Promise<HostRun> {
    return this.gate.pass(() => this.runNow(program, timeoutMs));
  }

  /** Runs a short probe (ping, a connection, a read) through the node's agent (agents.ts). */
  probe(node: string, machine: HostMachine, job: AgentJob, timeoutMs: number): Promise<HostRun> {
    return this.gate.pass(() => this.agents.run(node, machine, job, timeoutMs));
  }

  /** Sessions of what checks run in hosts: a process check must not find another check's ping. */
  sessions(): Set<number> {
    return new Set([...this.running, ...this.agents.sessions()]);
  }

  /** Ends what checks keep in the nodes the network no longer runs (all when given none). */
  retain(running?: (node: string) => boolean): void {
    this.agents.retain(running);
  }

  private async runNow(program: HostProgram, timeoutMs: number): Promise<HostRun> {
    const child = this.processes.enter(program);
    this.running.add(child.pid);
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    child.stdin?.on('error', () => undefined);
    child.stdin?.end();
    let timedOut = false;
    let ended = false;
    // Spawning is synchronous: while other checks' programs start, the loop may be busy past this
    // deadline. The exit it has not yet read is read before the check phase (setImmediate), so a
    // program that ended in time is never taken for one that did not.
    const deadline = setTimeout(
      () =>
        setImmediate(() => {
          if (ended) return;
          timedOut = true;
          child.kill('SIGKILL');
        }),
      timeoutMs,
    );
    const status = await child.exited;
    ended = true;
    clearTimeout(deadline);
    this.running.delete(child.pid);
    await Promise.race([Promise.all([stdout.ended, stderr.ended]), delay(OUTPUT_GRACE_MS)]);
    child.stdout?.destroy();
    child.stderr?.destroy();
    return { exit: status.code, stdout: stdout.text(), stderr: stderr.text(), timedOut };
  }
}

function collect(stream: NodeJS.ReadableStream | undefined) {
  const chunks: Buffer[] = [];
  let size = 0;
  stream?.on('data', (chunk: Buffer) => {
    if (size < OUTPUT_CAP) chunks.push(chunk);
    size += chunk.length;
  });
  const ended = new Promise<void>((resolve) => {
    if (!stream) return resolve();
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
  return { ended, text: () => Buffer.concat(chunks).toString('utf8').slice(0, OUTPUT_CAP) };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
