/**
 * Talks to a helper: starts one (helperCommand says how) or connects to the command line's background
 * helper over its unix socket. Typed calls, notifications as events.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Method, NotificationName, Notifications, Params, Results } from '../common/protocol/helper.js';

/** Where packages install the root-owned wrapper that polkit's policy names. */
export const HELPER_WRAPPER = '/usr/lib/vnet/vnet-helper';

export interface HelperCommand {
  argv: string[];
  env: NodeJS.ProcessEnv;
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
  const elevate = (argv: string[]) => (isRoot ? argv : ['pkexec', ...argv]);
  if (installed) return { argv: elevate([HELPER_WRAPPER]), env };
  // From sources the script is TypeScript: it needs this runtime's loader (tsx) too.
  const loader = script.endsWith('.ts') ? process.execArgv : [];
  const runtime = underElectron ? ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', process.execPath] : [process.execPath];
  return { argv: elevate([...runtime, ...loader, script]), env };
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
    child.on('error', (e) => client.closed(`cannot start the helper: ${e.message}`));
    child.on('exit', (code, signal) => {
      // pkexec exits 126 when authorisation is refused or dismissed, 127 when it cannot authenticate.
      const why =
        code === 126 || code === 127 ? 'authorisation was refused' : `the helper exited (${signal ?? `code ${code}`})`;
      client.closed(why);
    });
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
