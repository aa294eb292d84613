/**
 * A command run inside a host through the helper, to its exit code: `vnet
 * exec` streams its output and input, a scenario's exec step keeps the
 * output to check it. Output and exit may arrive before the answer naming
 * the pid; they wait until then.
 */
import { base64ToBytes } from '../protocol/base64.js';
import type { Notifications } from '../protocol/helper.js';
import type { HelperCalls } from './helper-calls.js';

export type OutputStream = Notifications['process.output']['stream'];

export interface ExecIo {
  output(stream: OutputStream, bytes: Uint8Array): void;
  /** Called once the command runs: passes its input, or closes its stdin. */
  started(pid: number): void;
  env?: Record<string, string>;
  cwd?: string;
  /** Set while the command runs: kills it (a scenario's timeout, a stop). */
  kill?: AbortSignal;
}

/** Linux's signal names (signal(7)) without SIG, at their numbers: a shell's exit code is 128 + the number. */
const SIGNALS = (
  ' HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT CHLD CONT STOP TSTP TTIN TTOU URG' +
  ' XCPU XFSZ VTALRM PROF WINCH IO PWR SYS'
).split(' ');

/** The exit code a shell reports: the process's own, or 128 + the signal that ended it. */
export function exitCode(e: Pick<Notifications['process.exit'], 'code' | 'signal'>): number {
  return e.code ?? 128 + Math.max(0, SIGNALS.indexOf(e.signal?.replace(/^SIG/, '') ?? ''));
}

/** Runs argv in host and resolves with its exit code; rejects when it cannot start or the helper is lost. */
export async function runInHost(helper: HelperCalls, host: string, argv: string[], io: ExecIo): Promise<number> {
  const early: Notifications['process.output'][] = [];
  const exits = new Map<number, number>();
  const target: { pid?: number } = {};
  let finish: (code: number) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const exit = new Promise<number>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const write = (o: Notifications['process.output']) => io.output(o.stream, base64ToBytes(o.data));
  const stops = [
    helper.on('process.output', (o) => (target.pid === undefined ? early.push(o) : o.pid === target.pid && write(o))),
    helper.on('process.exit', (e) => (e.pid === target.pid ? finish(exitCode(e)) : exits.set(e.pid, exitCode(e)))),
    helper.onLost((reason) => fail(new Error(`lost the helper: ${reason}`))),
  ];
  try {
    const { pid } = await helper.call('process.exec', { host, argv, cwd: io.cwd, env: io.env });
    target.pid = pid;
    early.filter((o) => o.pid === pid).forEach(write);
    const exited = exits.get(pid);
    if (exited !== undefined) finish(exited);
    io.started(pid);
    const kill = () => void helper.call('process.signal', { pid, signal: 'SIGKILL' }).catch(() => undefined);
    if (io.kill?.aborted) kill();
    else io.kill?.addEventListener('abort', kill, { once: true });
    return await exit;
  } finally {
    stops.forEach((stop) => stop());
  }
}
