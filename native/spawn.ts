/** Programs spawned inside a namespace as a given user, with a pty or pipes (native/src/spawn*.c). */
import net from 'node:net';
import { constants as osConstants } from 'node:os';
import { Duplex, type Readable, type Writable } from 'node:stream';
import tty from 'node:tty';
import { binding } from './binding.js';

export interface SpawnOptions {
  /** Full namespace name under /run/netns, e.g. "vnet-h1". */
  netns: string;
  /** Program and arguments; a program without '/' is searched in env.PATH (default /bin:/usr/bin). */
  argv: string[];
  /** Working directory, entered as the target user; default: the caller's. */
  cwd?: string;
  /** Exactly the child's environment: nothing is inherited. */
  env: Record<string, string>;
  uid: number;
  gid: number;
  /** Supplementary groups (setgroups); [] for none. */
  groups: number[];
  /** With a pty the child gets it as stdin/stdout/stderr and controlling terminal; else three pipes. */
  pty?: { cols: number; rows: number };
  /**
   * The file-system view `ip netns exec` gives: a private mount namespace, /sys showing the namespace's
   * devices, and each file of /etc/netns/<netns>/ bound over its /etc namesake (a per-host /etc/hosts).
   */
  ipNetnsExecMounts?: boolean;
  /** The name uname(2) and `hostname` report, set in a UTS namespace of the process's own (1 to 64 bytes). */
  hostname?: string;
  /**
   * Directories mounted over the machine's in the process's mount namespace (needs ipNetnsExecMounts).
   * Each source is opened beneath directoryFd and each target resolved from / without following any
   * symbolic link. As the user can write there what setuid programs trust (/run, /etc/...), the process
   * and its children run with no_new_privs: setuid and file capabilities no longer raise privileges.
   */
  privateDirs?: { directoryFd: number; mounts: PrivateMount[] };
}

export interface PrivateMount {
  /** Relative to privateDirs.directoryFd, e.g. "h1/run". */
  source: string;
  /** Absolute, e.g. "/run". */
  target: string;
}

export interface ExitStatus {
  /** Exit code, or null when a signal ended the process. */
  code: number | null;
  /** Name of the signal that ended it ('SIGKILL'), or null. */
  signal: string | null;
}

export interface SpawnedProcess {
  pid: number;
  /** The pty master (with `pty`): write keystrokes, read output; ends when the last slave closes. */
  pty?: Duplex;
  stdin?: Writable;
  stdout?: Readable;
  stderr?: Readable;
  /** Settles once the process has ended and been reaped (its streams may still hold unread output). */
  exited: Promise<ExitStatus>;
  /** Sets the pty window size (SIGWINCH to the foreground group); throws without a pty. */
  resize(cols: number, rows: number): void;
  /** Sends a signal through the process's pidfd (never a recycled pid); no-op once it has exited. */
  kill(signal?: NodeJS.Signals | number): void;
}

function environmentList(env: Record<string, string>): string[] {
  return Object.entries(env).map(([key, value]) => {
    if (key === '' || key.includes('=') || key.includes('\0')) {
      throw Object.assign(new TypeError(`spawn: environment variable name ${JSON.stringify(key)} is invalid`), {
        code: 'ERR_INVALID_ARG_VALUE',
      });
    }
    return `${key}=${value}`;
  });
}

function signalNumber(signal: NodeJS.Signals | number): number {
  if (typeof signal === 'number') return signal;
  const number = (osConstants.signals as Record<string, number | undefined>)[signal];
  if (number === undefined) throw new TypeError(`unknown signal ${JSON.stringify(signal)}`);
  return number;
}

/**
 * The pty master as a Duplex. Reading the master fails with EIO once the
 * last slave descriptor closes (the child and its descendants are gone):
 * that is the end of the output, not an error.
 */
class PtyStream extends Duplex {
  private readonly terminal: tty.ReadStream;

  constructor(fd: number) {
    super({ allowHalfOpen: false });
    this.terminal = new tty.ReadStream(fd);
    this.terminal.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) this.terminal.pause();
    });
    this.terminal.on('end', () => this.push(null));
    this.terminal.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EIO') this.push(null);
      else this.destroy(error);
    });
    this.terminal.on('close', () => this.push(null));
  }

  /** False once the master fd is closed (destroying closes it at once): its number may be reused. */
  get fdOpen(): boolean {
    return !this.terminal.destroyed;
  }

  override _read(): void {
    this.terminal.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.terminal.write(chunk, callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.terminal.destroy();
    callback(error);
  }
}

/** Runs argv inside the namespace as uid/gid/groups; throws synchronously if it cannot exec (ENOENT, EACCES…). */
export function spawn(options: SpawnOptions): SpawnedProcess {
  let settle: (status: ExitStatus) => void = () => undefined;
  const exited = new Promise<ExitStatus>((resolve) => (settle = resolve));
  const native = binding();
  const { privateDirs, ...rest } = options;
  const mounts = privateDirs && {
    directoryFd: privateDirs.directoryFd,
    sources: privateDirs.mounts.map((m) => m.source),
    targets: privateDirs.mounts.map((m) => m.target),
  };
  const child = native.spawn({ ...rest, env: environmentList(options.env), privateDirs: mounts }, (code, signal) =>
    settle({ code, signal }),
  );
  const pty = child.ptyFd === undefined ? undefined : new PtyStream(child.ptyFd);
  return {
    pid: child.pid,
    pty,
    stdin: child.stdinFd === undefined ? undefined : new net.Socket({ fd: child.stdinFd, readable: false }),
    stdout: child.stdoutFd === undefined ? undefined : new net.Socket({ fd: child.stdoutFd, writable: false }),
    stderr: child.stderrFd === undefined ? undefined : new net.Socket({ fd: child.stderrFd, writable: false }),
    exited,
    resize(cols: number, rows: number): void {
      if (!pty || child.ptyFd === undefined) throw new Error(`process ${child.pid} has no pty to resize`);
      if (pty.fdOpen) native.resizePty(child.ptyFd, cols, rows);
    },
    kill(signal: NodeJS.Signals | number = 'SIGTERM'): void {
      native.signalProcess(child.handle, signalNumber(signal));
    },
  };
}
