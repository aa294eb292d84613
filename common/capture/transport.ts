/** The layers above IP for decode.ts: ICMP, ICMPv6, TCP and UDP (with DNS on port 53). */
import type { Bytes } from './bytes.js';
import { hex } from './bytes.js';
import type { Decoding, Field } from './decode.js';
import { dns, DNS_PORTS } from './dns.js';

/** What the IP layer knew that a transport's summary shows. */
export interface IpContext {
  ttl: number;
  version: 4 | 6;
}

/** Decodes the payload of IP protocol `protocol` from `at` to `end` (the IP datagram's end). */
export function transport(protocol: number, b: Bytes, at: number, end: number, d: Decoding, ip: IpContext): void {
  if (protocol === 1) icmp(b, at, d, ip, ICMP_TYPES, 'icmp', 'ICMP');
  else if (protocol === 58) icmp(b, at, d, ip, ICMPV6_TYPES, 'icmpv6', 'ICMPv6');
  else if (protocol === 6) tcp(b, at, end, d);
  else if (protocol === 17) udp(b, at, end, d);
}

const ICMP_TYPES: Record<number, string> = {
  0: 'Echo (ping) reply',
  3: 'Destination unreachable',
  5: 'Redirect',
  8: 'Echo (ping) request',
  11: 'Time-to-live exceeded',
};

const ICMPV6_TYPES: Record<number, string> = {
  1: 'Destination Unreachable',
  2: 'Packet Too Big',
  3: 'Time Exceeded',
  128: 'Echo (ping) request',
  129: 'Echo (ping) reply',
  133: 'Router Solicitation',
  134: 'Router Advertisement',
  135: 'Neighbor Solicitation',
  136: 'Neighbor Advertisement',
  143: 'Multicast Listener Report Message v2',
};

/** Echo request and reply types, ICMP's and ICMPv6's: they carry an identifier and a sequence number. */
const ECHO = new Set([0, 8, 128, 129]);

function icmp(
  b: Bytes,
  at: number,
  d: Decoding,
  ip: IpContext,
  types: Record<number, string>,
  name: string,
  title: string,
): void {
  b.layer = title;
  const layer = d.layer(
    name,
    title === 'ICMP' ? 'Internet Control Message Protocol' : 'Internet Control Message Protocol v6',
  );
  const type = b.u8(at);
  const code = b.u8(at + 1);
  const typeName = types[type] ?? `Type ${type}`;
  const fields = (layer.children = [{ label: `Type: ${type} (${typeName})` }, { label: `Code: ${code}` }]);
  fields.push({ label: `Checksum: ${hex(b.u16(at + 2), 4)}` });
  let summary = typeName;
  if (ECHO.has(type)) {
    const id = b.u16(at + 4);
    const seq = b.u16(at + 6);
    fields.push({ label: `Identifier: ${id} (${hex(id, 4)})` }, { label: `Sequence number: ${seq}` });
    summary = `${typeName} id=${hex(id, 4)} seq=${seq} ${ip.version === 4 ? 'ttl' : 'hlim'}=${ip.ttl}`;
  } else if (type === 135 || type === 136) {
    const target = b.ipv6(at + 8);
    fields.push({ label: `Target address: ${target}` });
    summary = type === 135 ? `${typeName} for ${target}` : `${typeName} ${target}`;
  } else if (code !== 0) summary = `${typeName} (code ${code})`;
  d.show(title, summary);
}

const TCP_FLAGS = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'] as const;

/** The start of a TCP or UDP header: its layer, and its two ports as its first fields. */
function withPorts(b: Bytes, at: number, d: Decoding, name: 'tcp' | 'udp', title: string) {
  b.layer = name.toUpperCase();
  const layer = d.layer(name, title);
  const source = b.u16(at);
  const destination = b.u16(at + 2);
  d.ports.push(source, destination);
  const fields: Field[] = [{ label: `Source port: ${source}` }, { label: `Destination port: ${destination}` }];
  layer.children = fields;
  return { layer, fields, source, destination };
}

function tcp(b: Bytes, at: number, end: number, d: Decoding): void {
  const { layer, fields, source, destination } = withPorts(b, at, d, 'tcp', 'Transmission Control Protocol');
  const seq = b.u32(at + 4);
  const ack = b.u32(at + 8);
  const headerLength = (b.u8(at + 12) >> 4) * 4;
  const bits = b.u8(at + 13);
  const window = b.u16(at + 14);
  const flags = TCP_FLAGS.filter((_, i) => bits & (1 << i));
  const length = Math.max(0, end - at - headerLength);
  layer.label = `Transmission Control Protocol, Src Port: ${source}, Dst Port: ${destination}, Len: ${length}`;
  fields.push(
    { label: `Sequence number: ${seq}` },
    { label: `Acknowledgment number: ${ack}` },
    { label: `Header length: ${headerLength} bytes` },
    { label: `Flags: ${hex(bits, 2)} (${flags.join(', ') || 'none'})` },
    { label: `Window: ${window}` },
    { label: `Payload: ${length} bytes` },
  );
  const acked = bits & 0x10 ? ` Ack=${ack}` : '';
  d.show('TCP', `${source} → ${destination} [${flags.join(', ')}] Seq=${seq}${acked} Win=${window} Len=${length}`);
}

function udp(b: Bytes, at: number, end: number, d: Decoding): void {
  const { layer, fields, source, destination } = withPorts(b, at, d, 'udp', 'User Datagram Protocol');
  const length = b.u16(at + 4);
  layer.label = `User Datagram Protocol, Src Port: ${source}, Dst Port: ${destination}`;
  fields.push({ label: `Length: ${length}` });
  d.show('UDP', `${source} → ${destination} Len=${Math.max(0, length - 8)}`);
  if (DNS_PORTS.has(source) || DNS_PORTS.has(destination)) dns(b, at + 8, Math.min(end, at + length), d);
}
