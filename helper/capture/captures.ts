/**
 * Running captures: one source a captured side (the backend opens it: a packet socket over netns,
 * a capture inside vnet.ko over the module), read every few milliseconds on the helper's thread,
 * the frames of all sides merged in time order into `capture.packets` for the session that started
 * it. Memory is bounded twice: the kernel holds at most KERNEL_BUFFER a side (past it, it drops and
 * counts), and a session whose output backs up past MAX_BACKLOG has batches dropped and counted
 * rather than queued. Time is bounded too: while a capture runs, the CPU time of its polls stays under
 * CPU_SHARE of the time passing (past it, polls come less often), so a full-rate capture neither
 * starves the helper's other work nor, where the network shares the CPU with the helper, the
 * captured flow; what waits longer is the kernel's to drop and count.
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

/** Node has no watcher for a packet socket: polled, so a frame may wait this long in the kernel… */
const POLL_MS = 10;
/** …and at most this long, however busy the helper (CPU_SHARE). */
const MAX_POLL_MS = 1000;
/**
 * The CPU time of a capture's polls (every thread while one runs: reads, sends) as a part of the time
 * passing. The helper's other work does not count: a busy helper (a counter stream, programs' output)
 * would delay a quiet capture's frames. The session spends about as much again reading what was sent
 * (bench:capture measures both): a capture takes about a tenth of a CPU.
 */
const CPU_SHARE = 0.05;
/** What the kernel holds for one side between two polls before it drops. */
const KERNEL_BUFFER = 8 << 20;
/**
 * Where frames are read into, a side, besides room for one frame of the snap length (and its header):
 * a read, the poll's budget checked after it, brings no more than this.
 */
const READ_BUFFER = 64 << 10;
/** What sending a record costs besides its bytes (an object, its time, its JSON), in bytes that cost as much. */
const RECORD_BYTES = 1 << 10;
/**
 * Bytes one capture reads a poll at most (each record counted RECORD_BYTES more), so one busy capture
 * cannot hold the helper's thread, and so that polls MAX_POLL_MS apart stay within CPU_SHARE on a slow
 * CPU too (1 MiB, records not counted, took half a CPU a TCG guest: 7,000 of 128 bytes in one poll).
 */
const POLL_BYTES = 256 << 10;
/** Output a session may have waiting before its capture's batches are dropped (counted as lost). */
const MAX_BACKLOG = 16 << 20;

interface OpenSide extends CaptureSource {
  side: Side;
  /** Packets say where they were seen: the capture asked for both points. */
  pointed: boolean;
  buffer: Buffer;
}

/** A frame and when it was seen: ns since the capture's first second (exact in a double for 104 days). */
interface Timed {
  at: number;
  packet: CapturedPacket;
}

class Capture {
  packets = 0;
  lost = 0;
  /** Read, not yet sent: newer than a frame some side may still hold. */
  private pending: Timed[] = [];
  /** The wall clock's second the capture started in: frames' times count from it. */
  private readonly epoch = Math.floor(Date.now() / 1000);
  private timer: NodeJS.Timeout | undefined;
  /** When the last poll ended. */
  private polledAt = performance.now();
  /** The polls' CPU time beyond CPU_SHARE of the time passed, ms: what the next pause makes up for. */
  private overMs = 0;

  constructor(
    readonly id: number,
    readonly session: Session,
    private readonly sides: OpenSide[],
    private readonly ended: (reason: string) => void,
  ) {
    this.timer = setTimeout(() => this.tick(), POLL_MS);
  }

  /**
   * A poll, then a pause long enough for the polls' CPU time to stay under CPU_SHARE of the time
   * passing: this poll's is counted against the time since the last one ended, and what is over
   * carries on to the next.
   */
  private tick(): void {
    const started = process.cpuUsage();
    this.poll(false);
    const cpu = process.cpuUsage(started);
    const now = performance.now();
    this.overMs = Math.max(0, this.overMs + (cpu.user + cpu.system) / 1000 - CPU_SHARE * (now - this.polledAt));
    this.polledAt = now;
    const pause = Math.min(MAX_POLL_MS, Math.max(POLL_MS, this.overMs / CPU_SHARE));
    if (this.timer) this.timer = setTimeout(() => this.tick(), pause);
  }

  /** Sends what every side has read up to now (all of it when final), in time order. */
  poll(final: boolean): void {
    let limit = final ? Infinity : (Date.now() - this.epoch * 1000) * 1e6;
    const before = this.lost;
    // The last poll takes everything: what it left would be lost uncounted when the sides close.
    let budget = final ? Infinity : POLL_BYTES;
    try {
      this.sides.forEach((side, index) => {
        const { drained, bytes, lost, last } = readSide(side, index, budget, this.epoch, this.pending);
        budget -= bytes;
        // A side not drained may still hold frames older than what the others gave: wait for them.
        if (!drained && last < limit) limit = last;
        this.lost += side.reader.drops() + lost;
      });
    } catch (error) {
      this.ended(`a captured side went away (${(error as Error).message})`);
      return;
    }
    this.pending.sort((x, y) => x.at - y.at);
    const cut = this.pending.findIndex((t) => t.at > limit);
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
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const side of this.sides) side.reader.close();
    return { packets: this.packets, lost: this.lost };
  }
}

/**
 * Reads a side into `into` until it is empty or the budget is spent: whether it is empty, the bytes
 * (each record RECORD_BYTES more) and the losses read, and the time of its last frame (-Infinity: none).
 */
function readSide(side: OpenSide, index: number, budget: number, epoch: number, into: Timed[]) {
  const layout = captureRowLayout();
  let bytes = 0;
  let lost = 0;
  let last = -Infinity;
  for (;;) {
    const rows = side.reader.read(side.buffer);
    if (rows.length === 0) return { drained: true, bytes, lost, last };
    for (let row = 0; row < rows.length; row += layout.width) {
      const value = (column: number) => rows[row + column] as number;
      const point = value(layout.point);
      if (point === vnetCapturePoints.gone) throw new Error('its port was deleted');
      lost += value(layout.lost);
      if (point === vnetCapturePoints.lost) continue;
      const captured = value(layout.captured);
      const start = value(layout.offset);
      const seconds = value(layout.seconds);
      const nanoseconds = value(layout.nanoseconds);
      const nodeSent = (value(layout.outgoing) === 1) !== side.mirrored;
      const drop = value(layout.drop);
      last = (seconds - epoch) * 1e9 + nanoseconds;
      into.push({
        at: last,
        packet: {
          interface: index,
          time: seconds ? `${seconds}${String(nanoseconds).padStart(9, '0')}` : String(nanoseconds),
          direction: (side.side === 'a') === nodeSent ? 'a>b' : 'b>a',
          length: value(layout.length),
          data: side.buffer.toString('base64', start, start + captured),
          ...(drop ? { drop: dropReason(drop - 1) } : side.pointed ? { point: pointName(point) } : {}),
        },
      });
      bytes += captured + RECORD_BYTES;
    }
    if (bytes >= budget) return { drained: false, bytes, lost, last };
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
