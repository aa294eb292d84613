/**
 * A long-lived `tc -force -batch -` inside one namespace. tc lists every
 * link of its namespace at its first command that names a device: ~30 ms
 * in the fabric with 1,000 ports, for each new tc. Kept running (and first
 * used while the namespace is small), tc looks up just the device named,
 * and a live edit costs a netlink round trip or two.
 *
 * tc says nothing on success, so each request ends with a line tc refuses
 * with a known message: once that message is on stderr, every earlier line
 * has run, and a "Command failed" before it belongs to this request. tc
 * caches names to indexes: that stays true because this helper never
 * reuses a fabric port's name.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { CommandError } from '../run.js';

type TcProcess = ChildProcessByStdio<Writable, null, Readable>;

interface Pending {
  marker: string;
  resolve(): void;
  reject(error: Error): void;
}

export class TcSession {
  private child?: TcProcess;
  private stderr = '';
  private pending?: Pending;
  private requests = 0;
  /** Requests run one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly netns: string) {}

  /** Runs the lines; rejects with tc's messages when any of them failed. */
  run(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return Promise.resolve();
    const next = this.queue.then(() => this.send(lines));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Ends tc (it exits at the end of its input) and waits for it. */
  async close(): Promise<void> {
    await this.queue;
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    const exited = new Promise((resolve) => child.once('close', resolve));
    child.stdin.end();
    await exited;
  }

  private send(lines: readonly string[]): Promise<void> {
    const child = this.child ?? this.start();
    const marker = `vnet-done-${++this.requests}`;
    return new Promise<void>((resolve, reject) => {
      this.pending = { marker, resolve, reject };
      child.stdin.write(`${lines.join('\n')}\n${marker}\n`);
    });
  }

  private start(): TcProcess {
    const child = spawn('nsenter', [`--net=/run/netns/${this.netns}`, 'tc', '-force', '-batch', '-'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    this.child = child;
    this.stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      this.stderr += text;
      this.settle();
    });
    child.stdin.on('error', () => undefined);
    const gone = (why: string) => {
      if (this.child === child) this.child = undefined;
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(new CommandError(`tc in ${this.netns} ${why}: ${this.stderr.trim() || 'no message'}`));
    };
    child.on('error', (e) => gone(`cannot start (${e.message})`));
    child.on('close', (code, signal) => gone(`exited (${signal ?? `code ${code}`})`));
    return child;
  }

  /** Resolves the pending request once tc has refused its marker line. */
  private settle(): void {
    const pending = this.pending;
    if (!pending) return;
    const refusal = `Object "${pending.marker}" is unknown`;
    const at = this.stderr.indexOf(refusal);
    // The refusal is followed by its own "Command failed" line: wait for all of it.
    const end = at < 0 ? -1 : this.stderr.indexOf('\n', this.stderr.indexOf('\n', at) + 1);
    if (end < 0) return;
    const messages = this.stderr.slice(0, at).trim();
    this.stderr = this.stderr.slice(end + 1);
    this.pending = undefined;
    if (messages.includes('Command failed')) pending.reject(new CommandError(`tc in ${this.netns}: ${messages}`));
    else pending.resolve();
  }
}
