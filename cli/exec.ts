/**
 * A command run inside a host: `vnet exec HOST -- CMD…` streams stdio both
 * ways and passes the exit code through; scenarios run the same way and keep
 * the output instead.
 */
import { constants } from 'node:os';
import { CliError } from './daemon.js';
import { withSession, type Session } from './session.js';
import { UsageError } from './spec.js';

export interface ExecIo {
  output(stream: 'stdout' | 'stderr' | 'pty', bytes: Buffer): void;
  /** Passed to the command's stdin; none: stdin is closed at once. */
  input?: NodeJS.ReadableStream;
  env?: Record<string, string>;
  /** Set while the command runs: kills it (a scenario's timeout). */
  kill?: AbortSignal;
}

/** Says which host is unknown, in the command line's words, before anything runs. */
export async function requireHost(session: Session, host: string, command: string): Promise<void> {
  const { hosts } = await session.call('network.status', {});
  if (!hosts[host])
    throw new UsageError(
      `no host "${host}" in the running network (its hosts: ${Object.keys(hosts).join(', ') || 'none'})`,
      command,
    );
}

export function execCommand(host: string, argv: string[]): Promise<number> {
  return withSession(async (session) => {
    await requireHost(session, host, 'exec');
    const io: ExecIo = {
      output: (stream, bytes) => (stream === 'stderr' ? process.stderr : process.stdout).write(bytes),
      input: process.stdin,
    };
    return runInHost(session, host, argv, io);
  });
}

function exitCode(e: { code: number | null; signal: string | null }): number {
  const signal = e.signal ? (constants.signals as Record<string, number | undefined>)[e.signal] : undefined;
  return e.code ?? 128 + (signal ?? 0);
}

/** Runs argv in host and resolves with its exit code (128 + signal when killed). */
export async function runInHost(session: Session, host: string, argv: string[], io: ExecIo): Promise<number> {
  const client = session.client;
  // Output and exit may arrive before the answer that names the pid: kept until then.
  const early: { pid: number; stream: 'stdout' | 'stderr' | 'pty'; data: string }[] = [];
  const target: { pid?: number } = {};
  const write = (stream: 'stdout' | 'stderr' | 'pty', data: string) => io.output(stream, Buffer.from(data, 'base64'));
  const onOutput = (o: (typeof early)[number]) =>
    target.pid === undefined ? early.push(o) : o.pid === target.pid && write(o.stream, o.data);
  client.on('process.output', onOutput);

  const exits = new Map<number, number>();
  let finish: (code: number) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const exit = new Promise<number>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const onClose = (reason: string) => fail(new CliError(`lost the helper: ${reason}`));
  client.on('close', onClose);
  const onExit = (e: { pid: number; code: number | null; signal: string | null }) =>
    e.pid === target.pid ? finish(exitCode(e)) : exits.set(e.pid, exitCode(e));
  client.on('process.exit', onExit);

  try {
    const info = await session.call('process.exec', { host, argv, cwd: process.env.VNET_CWD, env: io.env });
    const pid = info.pid;
    target.pid = pid;
    for (const o of early.filter((x) => x.pid === pid)) write(o.stream, o.data);
    const exited = exits.get(pid);
    if (exited !== undefined) finish(exited);
    feedInput(session, pid, io.input);
    io.kill?.addEventListener('abort', () => {
      void client.call('process.signal', { pid, signal: 'SIGKILL' }).catch(() => undefined);
    });
    return await exit;
  } finally {
    client.off('process.output', onOutput);
    client.off('process.exit', onExit);
    client.off('close', onClose);
  }
}

function feedInput(session: Session, pid: number, input: NodeJS.ReadableStream | undefined): void {
  const client = session.client;
  const send = (data: string, eof?: boolean) =>
    void client.call('process.write', { pid, data, eof }).catch(() => undefined);
  if (!input) return send('', true);
  input.on('data', (data: Buffer) => send(data.toString('base64')));
  input.on('end', () => send('', true));
  input.on('error', () => undefined);
}
