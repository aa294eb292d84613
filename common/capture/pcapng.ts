/**
 * pcapng (draft-ietf-opsawg-pcapng) as a capture is written: a section header, one interface
 * description a captured side, then one enhanced packet block a frame, so the bytes can be
 * streamed as frames arrive (`| wireshark -k -i -`). Little-endian; timestamps in nanoseconds.
 * The reader takes back what the writer writes (and skips blocks it does not know), for tests
 * and for files a view opens.
 */
import type { CaptureInterface, CapturedPacket, DropReason } from '../protocol/helper.js';
import { base64ToBytes } from '../protocol/base64.js';

const SECTION_HEADER = 0x0a0d0d0a;
const INTERFACE_DESCRIPTION = 1;
const ENHANCED_PACKET = 6;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const LINKTYPE_ETHERNET = 1;
const OPT_END = 0;
const OPT_COMMENT = 1;
const IF_NAME = 2;
const IF_DESCRIPTION = 3;
const IF_TSRESOL = 9;
const EPB_FLAGS = 2;
/** epb_flags bits 0-1: the frame's direction as the interface saw it. */
const INBOUND = 1;
const OUTBOUND = 2;
/**
 * epb_verdict (Wireshark's frame.verdict): what the kernel decided of the frame, here a Linux TC
 * verdict, TC_ACT_SHOT, for a frame emulation dropped; epb_flags has no bit for that.
 */
const EPB_VERDICT = 7;
const VERDICT_LINUX_TC = 1;
const TC_ACT_SHOT = 2;
const NANOSECONDS = 9;
/** The comment a frame dropped by emulation carries, before its reason. */
const DROPPED = 'dropped by emulation: ';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const pad4 = (n: number) => (n + 3) & ~3;

type Option = { code: number; value: Uint8Array };

function u32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
}

/** A block: type, total length, body, options (ended), total length again. */
function block(type: number, body: Uint8Array, options: Option[]): Uint8Array {
  const optionsLength = options.length ? options.reduce((n, o) => n + 4 + pad4(o.value.length), 4) : 0;
  const length = 12 + pad4(body.length) + optionsLength;
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, length, true);
  bytes.set(body, 8);
  let at = 8 + pad4(body.length);
  for (const option of [...options, ...(options.length ? [{ code: OPT_END, value: new Uint8Array() }] : [])]) {
    view.setUint16(at, option.code, true);
    view.setUint16(at + 2, option.value.length, true);
    bytes.set(option.value, at + 4);
    at += 4 + pad4(option.value.length);
  }
  view.setUint32(length - 4, length, true);
  return bytes;
}

function sectionHeader(): Uint8Array {
  const body = new Uint8Array(16);
  const view = new DataView(body.buffer);
  view.setUint32(0, BYTE_ORDER_MAGIC, true);
  view.setUint16(4, 1, true);
  view.setUint16(6, 0, true);
  view.setBigInt64(8, -1n, true); // section length unknown: the file is streamed
  return block(SECTION_HEADER, body, []);
}

/** The side's human name, for if_description: `side a: h1 eth0`. */
export function describeInterface(i: CaptureInterface): string {
  return `side ${i.side}: ${i.node} ${i.iface}`;
}

function interfaceBlock(i: CaptureInterface): Uint8Array {
  const body = new Uint8Array(8);
  const view = new DataView(body.buffer);
  view.setUint16(0, LINKTYPE_ETHERNET, true);
  view.setUint32(4, i.snaplen, true);
  return block(INTERFACE_DESCRIPTION, body, [
    { code: IF_NAME, value: encoder.encode(i.link) },
    { code: IF_DESCRIPTION, value: encoder.encode(describeInterface(i)) },
    { code: IF_TSRESOL, value: Uint8Array.of(NANOSECONDS) },
  ]);
}

/** What a file starts with: the section, then the capture's interfaces in their order. */
export function captureHeader(interfaces: readonly CaptureInterface[]): Uint8Array {
  return concat([sectionHeader(), ...interfaces.map(interfaceBlock)]);
}

/** The interface a frame was captured on; a frame of none is a broken stream. */
export function interfaceOf(packet: CapturedPacket, interfaces: readonly CaptureInterface[]): CaptureInterface {
  const found = interfaces[packet.interface];
  if (!found) throw new Error(`packet of interface ${packet.interface}: the capture has no such interface`);
  return found;
}

/** One frame; its direction becomes inbound or outbound as the captured side's node saw it. */
export function packetBlock(packet: CapturedPacket, interfaces: readonly CaptureInterface[]): Uint8Array {
  const { side } = interfaceOf(packet, interfaces);
  const data = base64ToBytes(packet.data);
  const time = BigInt(packet.time);
  const body = new Uint8Array(20 + data.length);
  const view = new DataView(body.buffer);
  view.setUint32(0, packet.interface, true);
  view.setUint32(4, Number(time >> 32n), true);
  view.setUint32(8, Number(time & 0xffffffffn), true);
  view.setUint32(12, data.length, true);
  view.setUint32(16, packet.length, true);
  body.set(data, 20);
  const flags = packet.direction.startsWith(side) ? OUTBOUND : INBOUND;
  const options = [{ code: EPB_FLAGS, value: u32(flags) }];
  if (packet.drop)
    options.push(
      { code: EPB_VERDICT, value: Uint8Array.of(VERDICT_LINUX_TC, TC_ACT_SHOT, 0, 0, 0, 0, 0, 0, 0) },
      { code: OPT_COMMENT, value: encoder.encode(DROPPED + packet.drop) },
    );
  return block(ENHANCED_PACKET, body, options);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

export interface ReadInterface {
  name: string;
  description: string;
  linktype: number;
  snaplen: number;
}

export interface ReadPacket {
  interface: number;
  /** Nanoseconds since the epoch (the writer's resolution). */
  time: bigint;
  length: number;
  data: Uint8Array;
  outbound: boolean;
  /** The reason of a frame dropped by emulation: its comment's, the verdict saying it was dropped. */
  drop?: DropReason;
}

function readOptions(view: DataView, at: number, end: number): Map<number, Uint8Array> {
  const options = new Map<number, Uint8Array>();
  while (at + 4 <= end) {
    const code = view.getUint16(at, true);
    const length = view.getUint16(at + 2, true);
    if (code === OPT_END) break;
    options.set(code, new Uint8Array(view.buffer, view.byteOffset + at + 4, length));
    at += 4 + pad4(length);
  }
  return options;
}

/** Reads a little-endian file with nanosecond timestamps (what captureHeader starts); throws on anything cut short. */
export function readPcapng(bytes: Uint8Array): { interfaces: ReadInterface[]; packets: ReadPacket[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const interfaces: ReadInterface[] = [];
  const packets: ReadPacket[] = [];
  for (let at = 0; at < bytes.length;) {
    if (at + 12 > bytes.length) throw new Error(`pcapng: a block cut short at byte ${at}`);
    const type = view.getUint32(at, true);
    const length = view.getUint32(at + 4, true);
    if (length < 12 || at + length > bytes.length) throw new Error(`pcapng: a block cut short at byte ${at}`);
    if (type === SECTION_HEADER && view.getUint32(at + 8, true) !== BYTE_ORDER_MAGIC)
      throw new Error('pcapng: not a little-endian section');
    if (type === INTERFACE_DESCRIPTION) {
      const options = readOptions(view, at + 16, at + length - 4);
      interfaces.push({
        linktype: view.getUint16(at + 8, true),
        snaplen: view.getUint32(at + 12, true),
        name: decoder.decode(options.get(IF_NAME)),
        description: decoder.decode(options.get(IF_DESCRIPTION)),
      });
    }
    if (type === ENHANCED_PACKET) packets.push(readPacket(view, at, length));
    at += length;
  }
  return { interfaces, packets };
}

function readPacket(view: DataView, at: number, length: number): ReadPacket {
  const captured = view.getUint32(at + 20, true);
  const options = readOptions(view, at + 28 + pad4(captured), at + length - 4);
  const flags = options.get(EPB_FLAGS);
  const comment = decoder.decode(options.get(OPT_COMMENT));
  const verdict = options.get(EPB_VERDICT);
  const shot = verdict?.[0] === VERDICT_LINUX_TC && verdict[1] === TC_ACT_SHOT;
  const time = (BigInt(view.getUint32(at + 12, true)) << 32n) | BigInt(view.getUint32(at + 16, true));
  return {
    interface: view.getUint32(at + 8, true),
    time,
    length: view.getUint32(at + 24, true),
    data: new Uint8Array(view.buffer, view.byteOffset + at + 28, captured).slice(),
    outbound: flags !== undefined && (new DataView(flags.buffer, flags.byteOffset).getUint32(0, true) & 3) === OUTBOUND,
    ...(shot && comment.startsWith(DROPPED) ? { drop: comment.slice(DROPPED.length) as DropReason } : {}),
  };
}
