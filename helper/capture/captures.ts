/**
 * Running captures: one packet socket a captured side (the backend says where: capturePoint),
 * read every few milliseconds on the helper's thread, the frames of all sides merged in time
 * order into `capture.packets` for the session that started it. Memory is bounded twice: the
 * kernel holds at most SOCKET_BUFFER a side (past it, it drops and counts), and a session whose
 * output backs up past MAX_BACKLOG has batches dropped and counted rather than queued.
 */
import {
  RPC_ERRORS,
  type CaptureInterface,
  type CapturedPacket,
  type CaptureStarted,
  type CaptureTotals,
  type NotificationName,
  type Notifications,
  type ParsedParams,
} from '../../common/protocol/helper.js';
import type { Side } from '../../common/capture/targets.js';
import { CaptureSocket, captureRowLayout } from '../../native/index.js';
import type { RunningNetwork } from '../network/running.js';
import { notificationLine, RpcError } from '../rpc.js';
import type { Session } from '../session.js';
import { compileFilter } from './filter.js';
import { resolveTargets } from './resolve.js';

/** Node has no watcher for a packet socket: polled, so a frame waits at most this long in the kernel. */
const POLL_MS = 10;
/** What the kernel holds for one side between two polls before it drops. */
const SOCKET_BUFFER = 8 << 20;
/** Where frames are read into, a side; at least one frame of the snap length. */
const READ_BUFFER = 1 << 20;
/** Bytes one capture reads a poll at most, so one busy capture cannot hold the helper's thread. */
const POLL_BYTES = 4 << 20;
/** Output a session may have waiting before its capture's batches are dropped (counted as lost). */
const MAX_BACKLOG = 16 << 20;
export const MODULE_CAPTURE_MISSING =
  'capture over the module is not available yet: start the network with --backend netns to capture';

interface OpenSide {
  socket: CaptureSocket;
  side: Side;
  /** The device sees its node's frames mirrored (a fabric port): what it receives, the node sent. */
  mirrored: boolean;
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
        const { read, drained, bytes } = readSide(side, index, budget);
        budget -= bytes;
        this.pending.push(...read);
        const last = read.at(-1)?.time;
        // A side not drained may still hold frames older than what the others gave: wait for them.
        if (!drained && last !== undefined && limit !== undefined && last < limit) limit = last;
        this.lost += side.socket.drops();
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
    for (const side of this.sides) side.socket.close();
    return { packets: this.packets, lost: this.lost };
  }
}

function readSide(side: OpenSide, index: number, budget: number) {
  const layout = captureRowLayout();
  const read: Timed[] = [];
  let bytes = 0;
  for (;;) {
    const rows = side.socket.read(side.buffer);
    const frames = rows.length / layout.width;
    for (let f = 0; f < frames; f++) {
      const row = f * layout.width;
      const captured = rows[row + layout.captured] as number;
      const start = f * side.socket.snaplen;
      const time =
        BigInt(rows[row + layout.seconds] as number) * 1_000_000_000n +
        BigInt(rows[row + layout.nanoseconds] as number);
      const nodeSent = (rows[row + layout.outgoing] === 1) !== side.mirrored;
      read.push({
        time,
        packet: {
          interface: index,
          time: time.toString(),
          direction: (side.side === 'a') === nodeSent ? 'a>b' : 'b>a',
          length: rows[row + layout.length] as number,
          data: side.buffer.toString('base64', start, start + captured),
        },
      });
      bytes += captured;
    }
    const full = frames === Math.min(layout.batch, Math.floor(side.buffer.length / side.socket.snaplen));
    if (!full) return { read, drained: true, bytes };
    if (bytes >= budget) return { read, drained: false, bytes };
  }
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
    if (!backend.capturePoint) throw new RpcError(RPC_ERRORS.backendUnavailable, MODULE_CAPTURE_MISSING);
    const program = await compileFilter(p.filter, p.snaplen);
    const sides: OpenSide[] = [];
    try {
      for (const r of resolved) {
        const point = backend.capturePoint(r.key);
        const socket = CaptureSocket.open(point.netns, point.device, program, p.snaplen, SOCKET_BUFFER);
        sides.push({
          socket,
          side: r.side,
          mirrored: point.mirrored,
          buffer: Buffer.alloc(Math.max(READ_BUFFER, p.snaplen)),
        });
      }
    } catch (error) {
      for (const side of sides) side.socket.close();
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
