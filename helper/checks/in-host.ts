/**
 * A short program run inside a host for a check: entered as process.exec
 * enters it (ProcessTable.enter: the invoker, the host's namespaces and
 * directories), killed at its deadline, its output kept (up to a cap).
 * Checks start many at once: a shared gate bounds how many run together.
 */
import type { HostProgram, ProcessTable } from '../processes.js';
import type { Gate } from './gate.js';

export interface HostRun {
  /** Exit code; null when a signal ended it (the deadline's SIGKILL included). */
  exit: number | null;
  stdout: string;
  stderr: string;
  /** Killed at its deadline. */
  timedOut: boolean;
}

/** Output kept per stream: enough for a pattern or a routing table, not a flood. */
const OUTPUT_CAP = 256 * 1024;
/** How long output may still arrive once the program ended (a daemon it started may hold the pipe). */
const OUTPUT_GRACE_MS = 200;

export class HostRunner {
  /** Pids of the programs running for checks now: a process check must not find another check's ping. */
  readonly running = new Set<number>();

  constructor(
    private readonly processes: ProcessTable,
    private readonly gate: Gate,
  ) {}

  /** Runs the program; rejects only when it cannot start (no such program...). */
  run(program: HostProgram, timeoutMs: number, input?: string): Promise<HostRun> {
    return this.gate.pass(() => this.runNow(program, timeoutMs, input));
  }

  private async runNow(program: HostProgram, timeoutMs: number, input?: string): Promise<HostRun> {
    const child = this.processes.enter(program);
    this.running.add(child.pid);
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const status = await child.exited;
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
