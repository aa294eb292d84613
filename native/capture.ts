/** Packet capture: a packet socket on a device (native/src/capture.c), or a capture inside vnet.ko (vnet_capture.c). */
import { closeSync } from 'node:fs';
import { binding } from './binding.js';

/** Where each value sits in a row of a CaptureReader's read(): native/src/capture.h. */
export interface CaptureRowLayout {
  width: number;
  /** Frames one read of a packet socket takes at most. */
  batch: number;
  seconds: number;
  nanoseconds: number;
  length: number;
  captured: number;
  /** 1: the node at the captured end sent it (mirrored devices aside: CaptureSource.mirrored). */
  outgoing: number;
  /** The module's point (vnetCapturePoints); 0 from a packet socket. */
  point: number;
  /** The module's drop reason + 1 (vnetDropReasons() order) of a dropped frame; else 0. */
  drop: number;
  /** Frames lost just before this one (the module's ring was full). */
  lost: number;
  /** Where in the read's buffer the frame's bytes start. */
  offset: number;
}

export function captureRowLayout(): CaptureRowLayout {
  return binding().captureRowLayout;
}

/**
 * A capture's descriptor, read without waiting: rows laid out as captureRowLayout() says, the frames'
 * bytes in the caller's buffer (which holds at least one frame of the snap length and its header).
 */
export abstract class CaptureReader {
  protected constructor(
    private fd: number | undefined,
    readonly snaplen: number,
  ) {}

  /** Frames waiting, as many as the buffer takes (empty when none). */
  abstract read(buffer: Buffer): Float64Array;

  /** Frames the kernel dropped since the previous call, beyond those the rows' lost column counts. */
  drops(): number {
    return 0;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  protected descriptor(): number {
    if (this.fd === undefined) throw new Error('capture is closed');
    return this.fd;
  }
}

/**
 * A packet socket bound to one device, its classic BPF program attached before any frame is queued.
 * `program` is `tcpdump -ddd`'s instructions (code, jt, jf, k each), flattened. `bufferBytes` bounds
 * what the kernel holds for a slow reader: past it frames are dropped and counted (drops()).
 */
export class CaptureSocket extends CaptureReader {
  static open(netns: string, device: string, program: readonly number[], snaplen: number, bufferBytes: number) {
    return new CaptureSocket(binding().captureSocketOpen(netns, device, [...program], bufferBytes), snaplen);
  }

  read(buffer: Buffer): Float64Array {
    return binding().captureSocketRead(this.descriptor(), buffer, this.snaplen);
  }

  override drops(): number {
    return binding().captureSocketDrops(this.descriptor());
  }
}

/** A capture inside vnet.ko (VnetDevice.capture): its records' lost counts are in the rows. */
export class VnetCapture extends CaptureReader {
  /** Takes the descriptor VNET_IOC_CAPTURE returned. */
  static adopt(fd: number, snaplen: number): VnetCapture {
    return new VnetCapture(fd, snaplen);
  }

  read(buffer: Buffer): Float64Array {
    return binding().vnetCaptureRead(this.descriptor(), buffer, this.snaplen);
  }
}
