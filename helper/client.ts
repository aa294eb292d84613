/**
 * Talks to a helper: starts one (helperCommand says how) or connects to the command line's background
 * helper over its unix socket. Typed calls, notifications as events.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Method, NotificationName, Notifications, Params, Results } from '../common/protocol/helper.js';

/** Where packages install the root-owned wrapper that polkit's policy names. */
export const HELPER_WRAPPER = '/usr/lib/vnet/vnet-helper';

export interface HelperCommand {
  argv: string[];
  env: NodeJS.ProcessEnv;
  /** Through pkexec: its failures are told as what to do (elevationProblem). */
  elevated: boolean;
  /** The installed wrapper, which the package's polkit rules open to group vnet. */
  installed: boolean;
}

/**
 * How a helper is started, decided here only (the designer and the command
 * line both ask): the installed wrapper that polkit's policy names when a
 * package put it there, else `script` (dist/helper.mjs, or helper/main.ts
 * from sources) with this very runtime; through pkexec unless already root.
 * Under Electron the helper runs with Electron itself as plain Node
 * (ELECTRON_RUN_AS_NODE), which pkexec's cleared environment gets from env(1).
 */
export function helperCommand(
  script: string,
  isRoot = process.getuid?.() === 0,
  installed = existsSync(HELPER_WRAPPER),
): HelperCommand {
  const underElectron = process.versions.electron !== undefined;
  const env = underElectron ? { ...process.env, ELECTRON_RUN_AS_NODE: '1' } : process.env;
  const elevate = (argv: string[]) => ({
    argv: isRoot ? argv : ['pkexec', ...argv],
    env,
    elevated: !isRoot,
    installed,
  });
  if (installed) return elevate([HELPER_WRAPPER]);
  // From sources the script is TypeScript: it needs this runtime's loader (tsx) too.
  const loader = script.endsWith('.ts') ? process.execArgv : [];
  const runtime = underElectron ? ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', process.execPath] : [process.execPath];
  return elevate([...runtime, ...loader, script]);
}

/** The group the package's polkit rules let start the helper without a password. */
export const HELPER_GROUP = 'vnet';

/** How pkexec failed to start the helper: absent or not runnable, its prompt dismissed (126), or refused (127). */
export type ElevationFailure = { spawnError: string } | { exitCode: number | null };

/**
 * What a user who is not root reads when pkexec did not start the helper: one
 * sentence saying what to install or run. `asRoot` is how this program runs
 * as root from a checkout (`sudo npm start`); installed, joining the group is
 * the way. Undefined for failures that are not pkexec's.
 */
export function elevationProblem(
  command: Pick<HelperCommand, 'elevated' | 'installed'>,
  failure: ElevationFailure,
  asRoot = 'with sudo',
  user = userInfo().username,
): string | undefined {
  if (!command.elevated) return undefined;
  const orRoot = command.installed ? '' : `, or run vnet as root (${asRoot})`;
  if ('spawnError' in failure)
    return failure.spawnError === 'ENOENT' || failure.spawnError === 'EACCES'
      ? `pkexec, which gives the helper root's rights, is not installed or cannot be run: install it (sudo apt install pkexec)${orRoot}`
      : undefined;
  if (failure.exitCode === 126) return `the password prompt for the helper was dismissed: try again${orRoot}`;
  if (failure.exitCode !== 127) return undefined;
  return command.installed
    ? `you are not allowed to start the helper: ask an administrator to add you to group ${HELPER_GROUP} ` +
        `(sudo adduser ${user} ${HELPER_GROUP}), then log in again`
    : `polkit refused the helper root's rights (no password prompt could be shown, or the password was wrong)${orRoot}`;
}

export class HelperError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'HelperError';
  }
}

type ClientEvents = { [N in NotificationName]: [Notifications[N]] } & {
  close: [reason: string];
  /** An answer to no request of ours: errors for lines that carried no usable id. */
  orphan: [message: unknown];
};

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export interface StartOptions {
  /** The helper bundle (dist/helper.mjs) run with this Node when already root. */
  helperScript?: string;
  /** How this program runs as root (`sudo npm start`), for the advice when pkexec cannot start the helper. */
  asRoot?: string;
  /** Full command instead of the default choice (tests, development). */
  command?: string[];
  env?: NodeJS.ProcessEnv;
}

export class HelperClient extends EventEmitter<ClientEvents> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closedReason?: string;

  private constructor(
    input: Readable,
    private readonly output: Writable,
    private readonly child?: ChildProcess,
  ) {
    super();
    const lines = createInterface({ input, crlfDelay: Infinity });
    lines.on('line', (line) => this.receive(line));
    // A started helper's exit code says more (pkexec refusing: 126): its exit handler reports the close.
    const closedBy = (reason: string) => () => (child ? undefined : this.closed(reason));
    lines.on('close', closedBy('the helper closed the connection'));
    output.on('error', closedBy('the helper stopped reading'));
  }

  static start(options: StartOptions = {}): HelperClient {
    if (!options.command && !options.helperScript)
      throw new Error('HelperClient.start needs a command or a helperScript');
    const chosen = options.command ? undefined : helperCommand(options.helperScript ?? '');
    const [program = '', ...args] = options.command ?? chosen?.argv ?? [];
    const env = options.env ?? chosen?.env ?? process.env;
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'inherit'], env });
    const client = new HelperClient(child.stdout, child.stdin, child);
    const advice = (failure: ElevationFailure) => chosen && elevationProblem(chosen, failure, options.asRoot);
    child.on('error', (e: NodeJS.ErrnoException) =>
      client.closed(advice({ spawnError: e.code ?? '' }) ?? `cannot start the helper: ${e.message}`),
    );
    child.on('exit', (code, signal) =>
      client.closed(advice({ exitCode: code }) ?? `the helper exited (${signal ?? `code ${code}`})`),
    );
    return client;
  }

  static connect(socketPath: string): Promise<HelperClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(socketPath);
      socket.once('connect', () => resolve(new HelperClient(socket, socket)));
      socket.once('error', reject);
    });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  call<M extends Method>(method: M, params: Params<M>): Promise<Results[M]> {
    if (this.closedReason) return Promise.reject(new Error(this.closedReason));
    const id = this.nextId++;
    return new Promise<Results[M]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.output.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
    });
  }

  /** Sends a raw line (tests of malformed input). */
  sendRaw(line: string): void {
    this.output.write(line + '\n');
  }

  /** Ends the conversation; a helper on stdio then tears its network down and exits. */
  close(): void {
    this.output.end();
  }

  /** Resolves once the helper process has exited (started helpers only). */
  exited(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => child.once('exit', () => resolve()));
  }

  private receive(line: string): void {
    let message: { id?: number | null; method?: string; params?: unknown; result?: unknown; error?: HelperError };
    try {
      message = JSON.parse(line);
    } catch {
      return;
    }
    if (message.method !== undefined && message.id === undefined) {
      (this.emit as (name: string, payload: unknown) => boolean)(message.method, message.params);
      return;
    }
    const pending = typeof message.id === 'number' ? this.pending.get(message.id) : undefined;
    if (!pending || typeof message.id !== 'number') {
      this.emit('orphan', message);
      return;
    }
    this.pending.delete(message.id);
    if (message.error) pending.reject(new HelperError(message.error.code, message.error.message, message.error.data));
    else pending.resolve(message.result);
  }

  private closed(reason: string): void {
    if (this.closedReason) return;
    this.closedReason = reason;
    for (const p of this.pending.values()) p.reject(new Error(reason));
    this.pending.clear();
    this.emit('close', reason);
  }
}
