/**
 * "Open in Wireshark": a live pcapng of a capture piped to `wireshark -k -i -`.
 * Main decides whether it can (the executable is on PATH), never the page.
 * VNET_WIRESHARK replaces the command line (e.g. `tcpdump -r -` where no
 * Wireshark is installed, as the tests do); this is the one place that reads it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { WiresharkSupport } from '../common/api.js';
import { captureHeader, packetBlock } from '../../common/capture/pcapng.js';
import type { CaptureInterface, CapturedPacket } from '../../common/protocol/helper.js';

const DEFAULT_COMMAND = ['wireshark', '-k', '-i', '-'];
/** What the pipe holds for a slow Wireshark before it drops frames (counted) instead of growing. */
const MAX_PENDING = 16 << 20;

function command(env: NodeJS.ProcessEnv): string[] {
  const custom = env.VNET_WIRESHARK?.trim();
  return custom ? custom.split(/\s+/) : DEFAULT_COMMAND;
}

function onPath(executable: string, env: NodeJS.ProcessEnv): boolean {
  const candidates = isAbsolute(executable)
    ? [executable]
    : (env.PATH ?? '').split(delimiter).map((dir) => join(dir, executable));
  return candidates.some((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export function wiresharkSupport(env: NodeJS.ProcessEnv = process.env): WiresharkSupport {
  const [executable = ''] = command(env);
  if (onPath(executable, env)) return { available: true };
  return {
    available: false,
    reason: `Wireshark is not installed (no "${executable}" on PATH): install it to open captures live`,
  };
}

/** One Wireshark fed with one capture's frames as they arrive; ends when Wireshark does or the capture does. */
export class WiresharkPipe {
  private readonly child: ChildProcess;
  private open = true;
  /** Frames not written because Wireshark fell behind. */
  dropped = 0;

  constructor(
    private readonly interfaces: readonly CaptureInterface[],
    env: NodeJS.ProcessEnv = process.env,
  ) {
    const [executable = '', ...args] = command(env);
    this.child = spawn(executable, args, { stdio: ['pipe', 'ignore', 'ignore'], detached: false });
    const closed = () => (this.open = false);
    this.child.on('error', closed);
    this.child.on('exit', closed);
    this.child.stdin?.on('error', closed);
    this.child.stdin?.write(captureHeader(interfaces));
  }

  get running(): boolean {
    return this.open;
  }

  write(packets: readonly CapturedPacket[]): void {
    const stdin = this.child.stdin;
    if (!this.open || !stdin) return;
    if (stdin.writableLength > MAX_PENDING) {
      this.dropped += packets.length;
      return;
    }
    for (const packet of packets) stdin.write(packetBlock(packet, this.interfaces));
  }

  /** The capture ended: Wireshark keeps what it has (its input ends, it stays open). */
  end(): void {
    this.child.stdin?.end();
  }

  /** Resolves once the program exits (tests wait for it to have read everything). */
  exited(): Promise<number | null> {
    if (this.child.exitCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve) => this.child.once('close', (code) => resolve(code)));
  }
}
