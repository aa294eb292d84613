/**
 * Talks to a helper: starts one (through pkexec and the fixed wrapper, or
 * directly when already root) or connects to the command line's background
 * helper over its unix socket. Typed calls, notifications as events.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Method, NotificationName, Notifications, Params, Results } from '../common/protocol/helper.js';

/** Where packages install the root-owned wrapper that polkit's policy names. */
export const HELPER_WRAPPER = '/usr/lib/vnet/vnet-helper';

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

  /** The command that starts a helper: itself when root, else pkexec with the polkit wrapper. */
  static defaultCommand(helperScript: string): string[] {
    return process.getuid?.() === 0
      ? [process.execPath, ...process.execArgv, helperScript]
      : ['pkexec', HELPER_WRAPPER];
  }

  static start(options: StartOptions = {}): HelperClient {
    if (!options.command && !options.helperScript)
      throw new Error('HelperClient.start needs a command or a helperScript');
    const [program = '', ...args] = options.command ?? HelperClient.defaultCommand(options.helperScript ?? '');
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'inherit'], env: options.env ?? process.env });
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
