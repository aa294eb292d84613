/**
 * What the Packets list shows of a kept packet: its decoded columns, decoded
 * once and kept while the ring keeps the packet (a WeakMap: a packet pushed
 * out of the ring takes its row with it), the numbers a display filter keeps
 * (extended as packets arrive, not recomputed), and the byte dump.
 */
import { decodeFrame, type DecodedPacket } from '../../../../common/capture/decode.js';
import { parseDisplayFilter, type Filterable } from '../../../../common/capture/display-filter.js';
import type { DropReason } from '../../../../common/protocol/helper.js';
import { base64ToBytes } from '../../../../common/protocol/base64.js';
import type { KeptPacket, PacketRing } from '../../store/packet-ring.js';

/** A row of the list: the columns and what the filter matches, without the field tree (rebuilt for the one selected). */
export type PacketRow = Omit<DecodedPacket, 'fields'> & Filterable;

const rows = new WeakMap<KeptPacket, PacketRow>();

export function rowOf(kept: KeptPacket): PacketRow {
  let row = rows.get(kept);
  if (!row) {
    const { fields: _fields, ...columns } = decodeFrame(base64ToBytes(kept.packet.data));
    row = { ...columns, ...(kept.packet.drop && { drop: kept.packet.drop }) };
    rows.set(kept, row);
  }
  return row;
}

export function detailOf(kept: KeptPacket): { decoded: DecodedPacket; bytes: Uint8Array } {
  const bytes = base64ToBytes(kept.packet.data);
  return { decoded: decodeFrame(bytes), bytes };
}

/** Why emulation dropped a frame, in words. */
export const DROP_WORDS: Record<DropReason, string> = {
  loss: 'lost by the link (loss)',
  queueFull: "the link's queue was full",
  noCarrier: 'the link was down (no carrier)',
  noDest: 'no member to deliver to',
  partition: 'partitioned',
  prog: "dropped by the link's program",
};

/**
 * Packets one update decodes at most for the filter (one an animation frame): past it, the
 * oldest not yet looked at are skipped and counted, so the filtered list shows a sample of a
 * fast capture and stays smooth (Save still writes every kept packet).
 */
export const FILTER_BUDGET = 200;

/** The numbers of the kept packets a filter matches, oldest first; extended from where the last call stopped. */
export class FilteredNumbers {
  private text: string | undefined;
  private matches: (row: PacketRow) => boolean = () => true;
  private numbers: number[] = [];
  /** The next packet number not looked at yet. */
  private nextN = 0;
  error: string | undefined;
  /** Kept packets the filter skipped (FILTER_BUDGET) since it was last changed. */
  skipped = 0;

  /** With no filter, every kept packet: numbers firstN.. (nothing to store). */
  update(ring: PacketRing, text: string): number[] | undefined {
    if (text !== this.text) this.reset(text);
    if (!text.trim() || this.error !== undefined) return undefined;
    const first = ring.firstN;
    const end = first + ring.size;
    const from = Math.max(this.nextN, first, end - FILTER_BUDGET);
    this.skipped += Math.max(0, from - Math.max(this.nextN, first));
    for (let n = from; n < end; n++) {
      const kept = ring.get(n);
      if (kept && this.matches(rowOf(kept))) this.numbers.push(kept.n);
    }
    this.nextN = Math.max(this.nextN, end);
    const gone = this.numbers.findIndex((n) => n >= first);
    if (gone !== 0) this.numbers.splice(0, gone < 0 ? this.numbers.length : gone);
    return this.numbers;
  }

  private reset(text: string): void {
    this.text = text;
    this.numbers = [];
    this.nextN = 0;
    this.skipped = 0;
    const parsed = parseDisplayFilter(text);
    this.error = parsed.ok ? undefined : parsed.error;
    if (parsed.ok) this.matches = parsed.matches;
  }
}

/** Seconds since `epoch` (ns strings), to the microsecond. */
export function relativeTime(time: string, epoch: string | undefined): string {
  const ns = BigInt(time) - BigInt(epoch ?? time);
  return (Number(ns / 1000n) / 1e6).toFixed(6);
}

/** Hex and ASCII, 16 bytes a line, as tcpdump -X and Wireshark show them. */
export function hexDump(bytes: Uint8Array): string[] {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const chunk = [...bytes.subarray(at, at + 16)];
    const hex = chunk.map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = chunk.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${at.toString(16).padStart(4, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines;
}
