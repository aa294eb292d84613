/**
 * `vnet capture`: frames of links as pcapng (to a file, or to stdout for
 * `| wireshark -k -i -` and `| tcpdump -r -`), or one line a frame.
 * Written as they arrive; a reader that falls behind loses frames, which are
 * counted and said at the end, instead of this process growing without bound.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { parseTarget, type CapturePoint, type Side } from '../common/capture/targets.js';
import { captureHeader, describeInterface, interfaceOf, packetBlock } from '../common/capture/pcapng.js';
import type { CaptureInterface, CapturedPacket, Notifications } from '../common/protocol/helper.js';
import { requireLink, requireStackNode, runningDocument } from './running.js';
import { withSession, type Session } from './session.js';

/** Output this process holds for a slow reader before it drops frames (counted as lost). */
const MAX_PENDING_OUTPUT = 16 << 20;

export interface CaptureArguments {
  targets: readonly string[];
  /** A file, `-` for stdout; absent: a line a frame on stdout. */
  write?: string;
  filter?: string;
  side?: Side;
  point?: CapturePoint;
  snaplen?: number;
  count?: number;
  durationMs?: number;
  json: boolean;
}

/** Until Ctrl+C, -c frames, --duration, the reader gone, or the network's end. */
export function captureCommand(args: CaptureArguments): Promise<number> {
  return withSession(async (session) => {
    const { topology } = await runningDocument(session);
    for (const target of args.targets.map(parseTarget))
      if ('link' in target) requireLink(topology, target.link, 'capture');
      else requireStackNode(topology, target.node, 'capture');
    return new Capture(session, args).run();
  });
}

/** Why the capture ended without this command stopping it, and what it had lost. */
interface Ending {
  reason: string;
  lost: number;
}

/** Where frames go: pcapng blocks, or text lines. */
type Format = (packet: CapturedPacket, interfaces: readonly CaptureInterface[]) => string | Uint8Array;

const line: Format = (p, interfaces) => {
  const i = interfaceOf(p, interfaces);
  const seconds = BigInt(p.time) / 1_000_000_000n;
  const clock = new Date(Number(seconds) * 1000).toISOString().slice(11, 19);
  const fraction = (BigInt(p.time) % 1_000_000_000n).toString().padStart(9, '0');
  const dropped = p.drop ? `  dropped: ${p.drop}` : '';
  const point = p.point ? `  ${p.point}` : '';
  return `${clock}.${fraction}  ${i.link} ${p.direction}  ${p.length} bytes${point}${dropped}\n`;
};

const jsonLine: Format = (p, interfaces) => {
  const { link, side } = interfaceOf(p, interfaces);
  return JSON.stringify({ ...p, link, side }) + '\n';
};

class Capture {
  private readonly out: Writable;
  private readonly format: Format;
  private written = 0;
  /** With --duration: frames stamped later are not written, however late the stop reaches the helper (ns). */
  private deadline?: bigint;
  private droppedHere = 0;
  /** Ends the capture: without an ending, this command stops it; with one, the helper ended it. */
  private finish: (ending?: Ending) => void = () => undefined;

  constructor(
    private readonly session: Session,
    private readonly args: CaptureArguments,
  ) {
    this.out = args.write === undefined || args.write === '-' ? process.stdout : createWriteStream(args.write);
    this.format = args.write === undefined ? (args.json ? jsonLine : line) : packetBlock;
  }

  async run(): Promise<number> {
    const { client } = this.session;
    const ended = new Promise<Ending | undefined>((resolve) => (this.finish = resolve));
    let interfaces: readonly CaptureInterface[] = [];
    const onPackets = (n: Notifications['capture.packets']) => {
      if (n.capture === id) this.take(n.packets, interfaces);
    };
    const onEnded = (n: Notifications['capture.ended']) => {
      if (n.capture === id) this.finish(n);
    };
    let id = 0;
    client.on('capture.packets', onPackets);
    client.on('capture.ended', onEnded);
    const started = await this.session.call('capture.start', {
      targets: [...this.args.targets],
      filter: this.args.filter,
      side: this.args.side,
      point: this.args.point,
      snaplen: this.args.snaplen,
    });
    id = started.capture;
    interfaces = started.interfaces;
    const unfollow = this.stopOn();
    if (this.args.write !== undefined) this.out.write(captureHeader(interfaces));
    process.stderr.write(`capturing ${interfaces.map(describeTarget).join(', ')}\n`);
    const ending = await ended;
    unfollow();
    const { lost } = ending ?? (await this.session.call('capture.stop', { capture: id }));
    client.off('capture.packets', onPackets);
    client.off('capture.ended', onEnded);
    await new Promise<void>((resolve) => (this.out === process.stdout ? resolve() : this.out.end(resolve)));
    const missing = lost + this.droppedHere;
    const losses = missing ? `, ${missing} lost (the reader fell behind)` : '';
    process.stderr.write(`${this.written} frames captured${losses}${ending ? `; it ended: ${ending.reason}` : ''}\n`);
    return ending ? 1 : 0;
  }

  /** What ends the capture besides the helper: Ctrl+C, the duration, the reader closing its end. */
  private stopOn(): () => void {
    const stop = () => this.finish();
    const { durationMs } = this.args;
    if (durationMs !== undefined) this.deadline = BigInt(Date.now() + durationMs) * 1_000_000n;
    const timer = durationMs === undefined ? undefined : setTimeout(stop, durationMs);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    this.out.on('error', stop);
    const unlost = this.session.onLost((reason) => this.finish({ reason: `lost the helper: ${reason}`, lost: 0 }));
    return () => {
      unlost();
      clearTimeout(timer);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    };
  }

  private take(packets: readonly CapturedPacket[], interfaces: readonly CaptureInterface[]): void {
    const { deadline } = this;
    const inTime = deadline === undefined ? packets : packets.filter((p) => BigInt(p.time) <= deadline);
    const wanted = this.args.count === undefined ? inTime : inTime.slice(0, this.args.count - this.written);
    if (this.out.writableLength > MAX_PENDING_OUTPUT) this.droppedHere += wanted.length;
    else {
      for (const packet of wanted) this.out.write(this.format(packet, interfaces));
      this.written += wanted.length;
    }
    if (this.args.count !== undefined && this.written >= this.args.count) this.finish();
  }
}

function describeTarget(i: CaptureInterface): string {
  return `${i.link} (${describeInterface(i)})`;
}
