/**
 * A captured frame in people's words: the columns of a packet list (source,
 * destination, protocol, a one-line summary like Wireshark's Info column) and
 * a tree of fields for a detail pane. Ethernet, ARP, IPv4, IPv6, ICMP,
 * ICMPv6, TCP, UDP and DNS; anything else is named by its number. Pure, for
 * the designer's Packets tab and any other reader of capture.packets. A frame
 * cut short (snap length, or broken) decodes as far as its bytes go and says
 * "truncated"; decoding never throws.
 */
import { Bytes, CutShort, hex } from './bytes.js';
import { transport } from './transport.js';

/** One line of the detail tree; a layer's line has its fields below it. */
export interface Field {
  label: string;
  children?: Field[];
}

export interface DecodedPacket {
  source: string;
  destination: string;
  /** The innermost protocol understood: what the Protocol column shows. */
  protocol: string;
  summary: string;
  /** Every layer's name, lower case, outermost first (eth, ip, tcp…): what a display filter's names match. */
  protocols: string[];
  /** Every MAC and IP address in the frame's headers. */
  addresses: string[];
  /** Transport ports, source then destination. */
  ports: number[];
  fields: Field[];
  /** Where the bytes ran out before the headers did. */
  truncated?: string;
}

/** What the layers fill in as they go; the last layer that says something wins the columns. */
export class Decoding {
  source = '';
  destination = '';
  protocol = '';
  summary = '';
  readonly protocols: string[] = [];
  readonly addresses: string[] = [];
  readonly ports: number[] = [];
  readonly fields: Field[] = [];

  /** Starts a layer: its name in the filter, its line in the tree; returns the list its fields go in. */
  layer(name: string, label: string): Field {
    this.protocols.push(name);
    const field: Field = { label, children: [] };
    this.fields.push(field);
    return field;
  }

  /** The layer's endpoints become the Source and Destination columns. */
  endpoints(source: string, destination: string): void {
    this.source = source;
    this.destination = destination;
    this.addresses.push(source, destination);
  }

  show(protocol: string, summary: string): void {
    this.protocol = protocol;
    this.summary = summary;
  }
}

export const ETHERTYPES: Record<number, string> = { 0x0800: 'IPv4', 0x0806: 'ARP', 0x86dd: 'IPv6', 0x8100: '802.1Q' };

export function decodeFrame(data: Uint8Array): DecodedPacket {
  const d = new Decoding();
  let truncated: string | undefined;
  try {
    ethernet(new Bytes(data), d);
  } catch (error) {
    if (!(error instanceof CutShort)) throw error;
    truncated = `${error.layer} header cut short at ${data.length} bytes`;
  }
  const summary = truncated ? `${d.summary ? `${d.summary} ` : ''}[truncated: ${truncated}]` : d.summary;
  return {
    source: d.source,
    destination: d.destination,
    protocol: d.protocol || 'Ethernet',
    summary,
    protocols: d.protocols,
    addresses: d.addresses,
    ports: d.ports,
    fields: d.fields,
    ...(truncated && { truncated }),
  };
}

function ethernet(b: Bytes, d: Decoding): void {
  b.layer = 'Ethernet';
  const layer = d.layer('eth', 'Ethernet II');
  const fields = (layer.children ??= []);
  const destination = b.mac(0);
  fields.push({ label: `Destination: ${destination}` });
  const source = b.mac(6);
  fields.push({ label: `Source: ${source}` });
  layer.label = `Ethernet II, Src: ${source}, Dst: ${destination}`;
  d.endpoints(source, destination);
  let at = 12;
  let type = b.u16(at);
  if (type === 0x8100) {
    fields.push({ label: `802.1Q VLAN: ${b.u16(14) & 0xfff}` });
    at = 16;
    type = b.u16(at);
  }
  fields.push({ label: `Type: ${ETHERTYPES[type] ?? 'unknown'} (${hex(type, 4)})` });
  d.show('Ethernet', `Ethertype ${hex(type, 4)}`);
  at += 2;
  if (type === 0x0806) arp(b, at, d);
  else if (type === 0x0800) ipv4(b, at, d);
  else if (type === 0x86dd) ipv6(b, at, d);
}

const ARP_OPS: Record<number, string> = { 1: 'request', 2: 'reply' };

function arp(b: Bytes, at: number, d: Decoding): void {
  b.layer = 'ARP';
  const op = b.u16(at + 6);
  const layer = d.layer('arp', `Address Resolution Protocol (${ARP_OPS[op] ?? op})`);
  const senderMac = b.mac(at + 8);
  const senderIp = b.ipv4(at + 14);
  const targetMac = b.mac(at + 18);
  const targetIp = b.ipv4(at + 24);
  layer.children = [
    { label: `Opcode: ${ARP_OPS[op] ?? 'unknown'} (${op})` },
    { label: `Sender MAC address: ${senderMac}` },
    { label: `Sender IP address: ${senderIp}` },
    { label: `Target MAC address: ${targetMac}` },
    { label: `Target IP address: ${targetIp}` },
  ];
  d.addresses.push(senderIp, targetIp);
  const summary =
    op === 1 ? `Who has ${targetIp}? Tell ${senderIp}` : op === 2 ? `${senderIp} is at ${senderMac}` : `Opcode ${op}`;
  d.show('ARP', summary);
}

function ipv4(b: Bytes, at: number, d: Decoding): void {
  b.layer = 'IPv4';
  const layer = d.layer('ip', 'Internet Protocol Version 4');
  const headerLength = (b.u8(at) & 0x0f) * 4;
  const total = b.u16(at + 2);
  const fragment = b.u16(at + 6);
  const ttl = b.u8(at + 8);
  const protocol = b.u8(at + 9);
  const source = b.ipv4(at + 12);
  const destination = b.ipv4(at + 16);
  const offset = (fragment & 0x1fff) * 8;
  layer.label = `Internet Protocol Version 4, Src: ${source}, Dst: ${destination}`;
  layer.children = [
    { label: `Header length: ${headerLength} bytes` },
    { label: `Total length: ${total}` },
    { label: `Identification: ${hex(b.u16(at + 4), 4)}` },
    { label: `Flags: ${ipv4Flags(fragment)}` },
    { label: `Fragment offset: ${offset}` },
    { label: `Time to live: ${ttl}` },
    { label: `Protocol: ${IP_PROTOCOLS[protocol] ?? 'unknown'} (${protocol})` },
    { label: `Source: ${source}` },
    { label: `Destination: ${destination}` },
  ];
  d.endpoints(source, destination);
  d.show('IPv4', `${IP_PROTOCOLS[protocol] ?? `protocol ${protocol}`}`);
  if (offset > 0) return d.show('IPv4', `Fragmented IP protocol (proto=${protocol}, off=${offset})`);
  transport(protocol, b, at + headerLength, Math.min(at + total, b.length), d, { ttl, version: 4 });
}

function ipv4Flags(fragment: number): string {
  const flags = [fragment & 0x4000 && "Don't fragment", fragment & 0x2000 && 'More fragments'];
  return flags.filter(Boolean).join(', ') || 'none';
}

export const IP_PROTOCOLS: Record<number, string> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMPv6' };

/** Extension headers skipped on the way to the transport: hop-by-hop, routing, destination options. */
const IPV6_EXTENSIONS = new Set([0, 43, 60]);

function ipv6(b: Bytes, at: number, d: Decoding): void {
  b.layer = 'IPv6';
  const layer = d.layer('ipv6', 'Internet Protocol Version 6');
  const payload = b.u16(at + 4);
  let next = b.u8(at + 6);
  const hopLimit = b.u8(at + 7);
  const source = b.ipv6(at + 8);
  const destination = b.ipv6(at + 24);
  layer.label = `Internet Protocol Version 6, Src: ${source}, Dst: ${destination}`;
  layer.children = [
    { label: `Payload length: ${payload}` },
    { label: `Next header: ${IP_PROTOCOLS[next] ?? next}` },
    { label: `Hop limit: ${hopLimit}` },
    { label: `Source: ${source}` },
    { label: `Destination: ${destination}` },
  ];
  d.endpoints(source, destination);
  const end = Math.min(at + 40 + payload, b.length);
  let offset = at + 40;
  while (IPV6_EXTENSIONS.has(next)) {
    const header = next;
    next = b.u8(offset);
    const length = (b.u8(offset + 1) + 1) * 8;
    layer.children.push({ label: `Extension header ${header}: ${length} bytes` });
    offset += length;
  }
  d.show('IPv6', IP_PROTOCOLS[next] ?? `next header ${next}`);
  transport(next, b, offset, end, d, { ttl: hopLimit, version: 6 });
}
