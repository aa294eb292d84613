/**
 * The packets a view keeps of its captures: a ring bounded by count and by
 * bytes (a 64 KiB GSO frame is 40 times a small one), oldest dropped first
 * and counted. Each kept packet has a number that only grows, so a list or a
 * filter can hold numbers that stay valid while the ring moves. Mutable on
 * purpose: at 10,000 packets a second nothing is copied; the store's version
 * number tells React when to read it again.
 */
import type { CapturedPacket } from '../../../common/protocol/helper.js';

/** Packets kept at most. */
export const RING_PACKETS = 50_000;
/** Frame bytes kept at most (base64 in memory): below web mode's 64 MiB message, so Save can send them all. */
export const RING_BYTES = 32 << 20;

export interface KeptPacket {
  /** Grows by one a packet kept, never reused (not even after a clear). */
  n: number;
  capture: number;
  packet: CapturedPacket;
}

export class PacketRing {
  private items: (KeptPacket | undefined)[];
  /** Index of the oldest in `items`. */
  private start = 0;
  private count = 0;
  private nextN = 1;
  private bytes = 0;
  /** Packets pushed out to stay within the bounds since the last clear. */
  dropped = 0;

  constructor(
    readonly maxPackets = RING_PACKETS,
    readonly maxBytes = RING_BYTES,
  ) {
    this.items = new Array<KeptPacket | undefined>(maxPackets);
  }

  get size(): number {
    return this.count;
  }

  /** The number of the oldest kept packet (the next one's when empty). */
  get firstN(): number {
    return this.nextN - this.count;
  }

  push(capture: number, packets: readonly CapturedPacket[]): KeptPacket[] {
    const kept = packets.map((packet) => {
      if (this.count === this.maxPackets) this.dropOldest();
      const item = { n: this.nextN++, capture, packet };
      this.items[(this.start + this.count++) % this.maxPackets] = item;
      this.bytes += packet.data.length;
      return item;
    });
    while (this.bytes > this.maxBytes && this.count > 1) this.dropOldest();
    return kept;
  }

  /** The packet numbered n, if still kept. */
  get(n: number): KeptPacket | undefined {
    const offset = n - this.firstN;
    return offset >= 0 && offset < this.count ? this.items[(this.start + offset) % this.maxPackets] : undefined;
  }

  /** Oldest first. */
  *[Symbol.iterator](): Iterator<KeptPacket> {
    for (let i = 0; i < this.count; i++) {
      const item = this.items[(this.start + i) % this.maxPackets];
      if (item) yield item;
    }
  }

  clear(): void {
    this.items = new Array<KeptPacket | undefined>(this.maxPackets);
    this.start = 0;
    this.count = 0;
    this.bytes = 0;
    this.dropped = 0;
  }

  private dropOldest(): void {
    const oldest = this.items[this.start];
    this.items[this.start] = undefined;
    this.bytes -= oldest?.packet.data.length ?? 0;
    this.start = (this.start + 1) % this.maxPackets;
    this.count--;
    this.dropped++;
  }
}
