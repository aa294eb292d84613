import { describe, expect, it } from 'vitest';
import { decodeFrame } from './decode.js';

/** Frames built byte by byte, as they go on the wire. */
const bytes = (...parts: (number[] | Uint8Array)[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const u16 = (n: number) => [n >> 8, n & 0xff];
const u32 = (n: number) => [...u16(Math.floor(n / 0x10000)), ...u16(n & 0xffff)];
const MAC_A = [0x02, 0, 0, 0, 0, 0x0a];
const MAC_B = [0x02, 0, 0, 0, 0, 0x0b];
const ether = (type: number, payload: Uint8Array) => bytes(MAC_B, MAC_A, u16(type), payload);
const ipv4 = (protocol: number, payload: Uint8Array, ttl = 64) =>
  ether(
    0x0800,
    bytes(
      [0x45, 0],
      u16(20 + payload.length),
      [0x12, 0x34, 0x40, 0],
      [ttl, protocol, 0, 0],
      [10, 0, 0, 1],
      [10, 0, 0, 2],
      payload,
    ),
  );
const ADDR6_A = [0xfe, 0x80, ...Array<number>(13).fill(0), 1];
const ADDR6_B = [0x20, 0x01, 0x0d, 0xb8, ...Array<number>(11).fill(0), 2];
const ipv6 = (next: number, payload: Uint8Array) =>
  ether(0x86dd, bytes([0x60, 0, 0, 0], u16(payload.length), [next, 255], ADDR6_A, ADDR6_B, payload));
const tcp = (flags: number, payload: number[] = []) =>
  bytes(u16(43210), u16(80), u32(1000), u32(2000), [0x50, flags], u16(64240), [0, 0, 0, 0], payload);
const udp = (source: number, destination: number, payload: Uint8Array) =>
  bytes(u16(source), u16(destination), u16(8 + payload.length), [0, 0], payload);
const name = (...labels: string[]) => [...labels.flatMap((l) => [l.length, ...[...l].map((c) => c.charCodeAt(0))]), 0];

describe('decodeFrame', () => {
  it('ARP: who has, and is at', () => {
    const arp = (op: number) =>
      ether(
        0x0806,
        bytes([0, 1, 8, 0, 6, 4], u16(op), MAC_A, [10, 0, 0, 1], op === 1 ? [0, 0, 0, 0, 0, 0] : MAC_B, [10, 0, 0, 2]),
      );
    expect(decodeFrame(arp(1))).toMatchObject({
      protocol: 'ARP',
      source: '02:00:00:00:00:0a',
      destination: '02:00:00:00:00:0b',
      summary: 'Who has 10.0.0.2? Tell 10.0.0.1',
      protocols: ['eth', 'arp'],
    });
    expect(decodeFrame(arp(2)).summary).toBe('10.0.0.1 is at 02:00:00:00:00:0a');
  });

  it('IPv4 and ICMP: an echo request with its id, sequence and ttl', () => {
    const echo = bytes([8, 0, 0, 0], u16(0x1c2d), u16(3), [1, 2, 3, 4]);
    const d = decodeFrame(ipv4(1, echo, 63));
    expect(d).toMatchObject({
      source: '10.0.0.1',
      destination: '10.0.0.2',
      protocol: 'ICMP',
      summary: 'Echo (ping) request id=0x1c2d seq=3 ttl=63',
      protocols: ['eth', 'ip', 'icmp'],
    });
    expect(d.fields.map((f) => f.label)).toEqual([
      'Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:0b',
      'Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2',
      'Internet Control Message Protocol',
    ]);
    expect(d.fields[2]?.children?.map((f) => f.label)).toContain('Sequence number: 3');
    expect(decodeFrame(ipv4(1, bytes([3, 3, 0, 0, 0, 0, 0, 0]))).summary).toBe('Destination unreachable (code 3)');
  });

  it('TCP: ports, flags, sequence and acknowledgment numbers, payload length', () => {
    expect(decodeFrame(ipv4(6, tcp(0x02))).summary).toBe('43210 → 80 [SYN] Seq=1000 Win=64240 Len=0');
    const d = decodeFrame(ipv4(6, tcp(0x18, [0x47, 0x45, 0x54])));
    expect(d).toMatchObject({
      protocol: 'TCP',
      summary: '43210 → 80 [PSH, ACK] Seq=1000 Ack=2000 Win=64240 Len=3',
      ports: [43210, 80],
    });
  });

  it('UDP, and DNS over it: a query and its response', () => {
    expect(decodeFrame(ipv4(17, udp(5000, 6000, bytes([1, 2, 3])))).summary).toBe('5000 → 6000 Len=3');
    const question = bytes(name('www', 'example', 'com'), u16(1), u16(1));
    const query = bytes(u16(0xbeef), u16(0x0100), u16(1), u16(0), u16(0), u16(0), question);
    expect(decodeFrame(ipv4(17, udp(40000, 53, query)))).toMatchObject({
      protocol: 'DNS',
      summary: 'Standard query 0xbeef A www.example.com',
      protocols: ['eth', 'ip', 'udp', 'dns'],
    });
    // The answer names the question by a pointer to offset 12 (RFC 1035 compression).
    const answer = bytes([0xc0, 12], u16(1), u16(1), u32(300), u16(4), [93, 184, 216, 34]);
    const response = bytes(u16(0xbeef), u16(0x8180), u16(1), u16(1), u16(0), u16(0), question, answer);
    expect(decodeFrame(ipv4(17, udp(53, 40000, response))).summary).toBe(
      'Standard query response 0xbeef A www.example.com A 93.184.216.34',
    );
    const missing = bytes(u16(7), u16(0x8183), u16(1), u16(0), u16(0), u16(0), question);
    expect(decodeFrame(ipv4(17, udp(53, 40000, missing))).summary).toBe(
      'Standard query response 0x0007 No such name A www.example.com',
    );
  });

  it('IPv6 with ICMPv6: neighbour solicitation and echo, addresses in RFC 5952 text', () => {
    const solicit = bytes([135, 0, 0, 0, 0, 0, 0, 0], ADDR6_B);
    expect(decodeFrame(ipv6(58, solicit))).toMatchObject({
      source: 'fe80::1',
      destination: '2001:db8::2',
      protocol: 'ICMPv6',
      summary: 'Neighbor Solicitation for 2001:db8::2',
      protocols: ['eth', 'ipv6', 'icmpv6'],
    });
    expect(decodeFrame(ipv6(58, bytes([128, 0, 0, 0], u16(1), u16(2)))).summary).toBe(
      'Echo (ping) request id=0x0001 seq=2 hlim=255',
    );
    // Hop-by-hop options come before the transport (MLD reports carry them).
    const hopByHop = bytes([6, 0, 5, 2, 0, 0, 1, 0], tcp(0x10));
    expect(decodeFrame(ipv6(0, hopByHop)).protocol).toBe('TCP');
  });

  it('a frame cut short decodes as far as its bytes go and says so, never throws', () => {
    const whole = ipv4(6, tcp(0x02));
    const cut = decodeFrame(whole.subarray(0, 40));
    expect(cut).toMatchObject({ source: '10.0.0.1', destination: '10.0.0.2', protocols: ['eth', 'ip', 'tcp'] });
    expect(cut.truncated).toBe('TCP header cut short at 40 bytes');
    expect(cut.summary).toContain('[truncated: TCP header cut short at 40 bytes]');
    for (let length = 0; length < whole.length; length++)
      expect(() => decodeFrame(whole.subarray(0, length))).not.toThrow();
    expect(decodeFrame(new Uint8Array(3))).toMatchObject({
      protocol: 'Ethernet',
      truncated: 'Ethernet header cut short at 3 bytes',
    });
    // A DNS name whose pointer points at itself ends instead of looping.
    const loop = bytes(u16(1), u16(0x0100), u16(1), u16(0), u16(0), u16(0), [0xc0, 12], u16(1), u16(1));
    expect(decodeFrame(ipv4(17, udp(40000, 53, loop))).protocol).toBe('DNS');
  });

  it('an unknown ethertype or IP protocol is named by its number', () => {
    expect(decodeFrame(ether(0x88cc, new Uint8Array(10)))).toMatchObject({
      protocol: 'Ethernet',
      summary: 'Ethertype 0x88cc',
    });
    expect(decodeFrame(ipv4(47, new Uint8Array(4)))).toMatchObject({ protocol: 'IPv4', summary: 'protocol 47' });
  });
});
