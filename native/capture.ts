/** Packet capture on one device of a namespace (native/src/capture.c). */
import { closeSync } from 'node:fs';
import { binding } from './binding.js';

/** Where each value sits in a row of CaptureSocket.read(): native/src/capture.h. */
export interface CaptureRowLayout {
  width: number;
  /** Frames one read takes at most. */
  batch: number;
  seconds: number;
  nanoseconds: number;
  length: number;
  captured: number;
  outgoing: number;
}

export function captureRowLayout(): CaptureRowLayout {
  return binding().captureRowLayout;
}

/**
 * A packet socket bound to one device, its classic BPF program attached before any frame is queued.
 * `program` is `tcpdump -ddd`'s instructions (code, jt, jf, k each), flattened. `bufferBytes` bounds
 * what the kernel holds for a slow reader: past it frames are dropped and counted (drops()).
 */
export class CaptureSocket {
  private constructor(
    private fd: number | undefined,
    readonly snaplen: number,
  ) {}

  static open(netns: string, device: string, program: readonly number[], snaplen: number, bufferBytes: number) {
    return new CaptureSocket(binding().captureSocketOpen(netns, device, [...program], bufferBytes), snaplen);
  }

  /** Frames waiting, at most buffer.length / snaplen: frame i at buffer[i * snaplen]. Never waits. */
  read(buffer: Buffer): Float64Array {
    return binding().captureSocketRead(this.open(), buffer, this.snaplen);
  }

  /** Frames the kernel dropped since the previous call because the buffer was full. */
  drops(): number {
    return binding().captureSocketDrops(this.open());
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): number {
    if (this.fd === undefined) throw new Error('capture socket is closed');
    return this.fd;
  }
}
