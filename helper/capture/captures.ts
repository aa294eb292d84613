/**
 * Running captures: one source a captured side (the backend opens it: a packet socket over netns,
 * a capture inside vnet.ko over the module), read every few milliseconds on the helper's thread,
 * the frames of all sides merged in time order into `capture.packets` for the session that started
 * it. Memory is bounded twice: the kernel holds at most KERNEL_BUFFER a side (past it, it drops and
 * counts), and a session whose output backs up past MAX_BACKLOG has batches dropped and counted
 * rather than queued.
 */
import {
  RPC_ERRORS,
  type DropReason,
  type CaptureInterface,
  type CapturedPacket,
  type CaptureStarted,
  type CaptureTotals,
  type NotificationName,
  type Notifications,
  type ParsedParams,
} from '../../common/protocol/helper.js';
import type { Side } from '../../common/capture/targets.js';
import { captureRowLayout, vnetCapturePoints, vnetDropReasons } from '../../native/index.js';
import type { CaptureSource } from '../backend.js';
import type { RunningNetwork } from '../network/running.js';
import { notificationLine, RpcError } from '../rpc.js';
import type { Session } from '../session.js';
import { compileFilter } from './filter.js';
import { resolveTargets } from './resolve.js';

/** Node has no watcher for a packet socket: polled, so a frame waits at most this long in the kernel. */
const POLL_MS = 10;
/** What the kernel holds for one side between two polls before it drops. */
const KERNEL_BUFFER = 8 << 20;
/** Where frames are read into, a side, besides room for one frame of the snap length (and its header). */
const READ_BUFFER = 1 << 20;
/** Bytes one capture reads a poll at most, so one busy capture cannot hold the helper's thread. */
const POLL_BYTES = 4 << 20;
/** Output a session may have waiting before its capture's batches are dropped (counted as lost). */
const MAX_BACKLOG = 16 << 20;

interface OpenSide extends CaptureSource {
  side: Side;
  /** Packets say where they were seen: the capture asked for both points. */
  pointed: boolean;
  buffer: Buffer;
}

interface Timed {
  time: bigint;
  packet: CapturedPacket;
}

class Capture {
  packets = 0;
  lost = 0;
  /** Read, not yet sent: newer than a frame some side may still hold. */
  private pending: Timed[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly id: number,
    readonly session: Session,
    private readonly sides: OpenSide[],
    private readonly ended: (reason: string) => void,
  ) {
    this.timer = setInterval(() => this.poll(false), POLL_MS);
  }

  /** Sends what every side has read up to now (all of it when final), in time order. */
  poll(final: boolean): void {
    let limit = final ? undefined : BigInt(Date.now()) * 1_000_000n;
    const before = this.lost;
    let budget = POLL_BYTES;
    try {
      this.sides.forEach((side, index) => {
        const { read, drained, bytes, lost } = readSide(side, index, budget);
        budget -= bytes;
        this.pending.push(...read);
        const last = read.at(-1)?.time;
        // A side not drained may still hold frames older than what the others gave: wait for them.
        if (!drained && last !== undefined && limit !== undefined && last < limit) limit = last;
        this.lost += side.reader.drops() + lost;
      });
    } catch (error) {
      this.ended(`a captured side went away (${(error as Error).message})`);
      return;
    }
    this.pending.sort((x, y) => (x.time < y.time ? -1 : x.time > y.time ? 1 : 0));
    const cut = this.pending.findIndex((t) => limit !== undefined && t.time > limit);
    const ready = this.pending.splice(0, cut < 0 ? this.pending.length : cut);
    if (ready.length === 0 && this.lost === before) return;
    this.send(ready.map((t) => t.packet));
  }

  private send(packets: CapturedPacket[]): void {
    if ((this.session.backlog?.() ?? 0) > MAX_BACKLOG) {
      this.lost += packets.length;
      return;
    }
    this.packets += packets.length;
    notify(this.session, 'capture.packets', { capture: this.id, packets, lost: this.lost });
  }

  close(): CaptureTotals {
    clearInterval(this.timer);
    for (const side of this.sides) side.reader.close();
    return { packets: this.packets, lost: this.lost };
  }
}

/** The frames a side has read up to now, until the side is empty or the budget is spent. */
function readSide(side: OpenSide, index: number, budget: number) {
  const layout = captureRowLayout();
  const read: Timed[] = [];
  let bytes = 0;
  let lost = 0;
  for (;;) {
    const rows = side.reader.read(side.buffer);
    if (rows.length === 0) return { read, drained: true, bytes, lost };
    for (let row = 0; row < rows.length; row += layout.width) {
      const value = (column: number) => rows[row + column] as number;
      const point = value(layout.point);
      if (point === vnetCapturePoints.gone) throw new Error('its port was deleted');
      const captured = value(layout.captured);
      const start = value(layout.offset);
      const time = BigInt(value(layout.seconds)) * 1_000_000_000n + BigInt(value(layout.nanoseconds));
      const nodeSent = (value(layout.outgoing) === 1) !== side.mirrored;
      const drop = value(layout.drop);
      lost += value(layout.lost);
      read.push({
        time,
        packet: {
          interface: index,
          time: time.toString(),
          direction: (side.side === 'a') === nodeSent ? 'a>b' : 'b>a',
          length: value(layout.length),
          data: side.buffer.toString('base64', start, start + captured),
          ...(drop ? { drop: dropReason(drop - 1) } : side.pointed ? { point: pointName(point) } : {}),
        },
      });
      bytes += captured;
    }
    if (bytes >= budget) return { read, drained: false, bytes, lost };
  }
}

/** The module's drop reason by its number (the addon names them as the protocol does). */
function dropReason(reason: number): DropReason {
  return vnetDropReasons()[reason] as DropReason;
}

function pointName(point: number): 'before' | 'after' {
  return point === vnetCapturePoints.before ? 'before' : 'after';
}

function notify<N extends NotificationName>(session: Session, name: N, payload: Notifications[N]): void {
  session.send(notificationLine(name, payload));
}

export class Captures {
  private nextId = 1;
  private readonly running = new Map<number, Capture>();

  constructor(private readonly network: RunningNetwork) {}

  /** Run between the network's changes (the caller serialises them), so the plan it resolves against stays. */
  async start(p: ParsedParams<'capture.start'>, session: Session): Promise<CaptureStarted> {
    const backend = this.network.backend;
    if (this.network.state !== 'running' || !backend)
      throw new RpcError(RPC_ERRORS.notRunning, 'the network is not running');
    const resolved = resolveTargets(this.network.plan, p.targets, p.side);
    const program = await compileFilter(p.filter, p.snaplen);
    const options = { program, snaplen: p.snaplen, point: p.point, bufferBytes: KERNEL_BUFFER };
    const sides: OpenSide[] = [];
    try {
      for (const r of resolved)
        sides.push({
          ...(await backend.openCapture(r.key, options)),
          side: r.side,
          pointed: p.point === 'both',
          buffer: Buffer.alloc(READ_BUFFER + p.snaplen),
        });
    } catch (error) {
      for (const side of sides) side.reader.close();
      throw error;
    }
    const id = this.nextId++;
    this.running.set(id, new Capture(id, session, sides, (reason) => this.end(id, reason)));
    const interfaces: CaptureInterface[] = resolved.map(({ link, side, node, iface }) => ({
      link,
      side,
      node,
      iface,
      snaplen: p.snaplen,
    }));
    return { capture: id, interfaces };
  }

  /** The last frames go out before the answer. */
  stop(id: number, session: Session): CaptureTotals {
    const capture = this.running.get(id);
    if (!capture || capture.session !== session)
      throw new RpcError(RPC_ERRORS.invalidParams, `no capture ${id} started by this client is running`);
    this.running.delete(id);
    capture.poll(true);
    return capture.close();
  }

  /** The session went away: nobody reads its captures any more. */
  close(session: Session): void {
    for (const [id, capture] of this.running)
      if (capture.session === session) {
        this.running.delete(id);
        capture.close();
      }
  }

  /** Every capture ends (the network stops): each session is told why. */
  endAll(reason: string): void {
    for (const id of [...this.running.keys()]) this.end(id, reason);
  }

  private end(id: number, reason: string): void {
    const capture = this.running.get(id);
    if (!capture) return;
    this.running.delete(id);
    notify(capture.session, 'capture.ended', { capture: id, reason, ...capture.close() });
  }
}
