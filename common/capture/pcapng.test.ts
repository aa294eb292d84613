import { describe, expect, it } from 'vitest';
import type { CaptureInterface, CapturedPacket } from '../protocol/helper.js';
import { bytesToBase64 } from '../protocol/base64.js';
import { captureHeader, concat, packetBlock, readPcapng } from './pcapng.js';
import { parseTarget } from './targets.js';

const interfaces: CaptureInterface[] = [
  { link: 'h1-s1', side: 'a', node: 'h1', iface: 'eth0', snaplen: 262144 },
  { link: 'r1-h2', side: 'b', node: 'h2', iface: 'eth1', snaplen: 128 },
];

const packet = (over: Partial<CapturedPacket>): CapturedPacket => ({
  interface: 0,
  time: '1764530000123456789',
  direction: 'a>b',
  length: 3,
  data: bytesToBase64(Uint8Array.of(1, 2, 3)),
  ...over,
});

describe('pcapng', () => {
  it('reads back what it writes: interfaces, nanosecond times, lengths, directions, drops', () => {
    const frames = [
      packet({}),
      packet({ interface: 1, direction: 'a>b', length: 1500, data: bytesToBase64(new Uint8Array(128).fill(7)) }),
      packet({ interface: 1, direction: 'b>a', time: '1764530000123456790', drop: 'queueFull' }),
    ];
    const file = concat([captureHeader(interfaces), ...frames.map((f) => packetBlock(f, interfaces))]);
    expect(file.length % 4).toBe(0);
    const read = readPcapng(file);
    expect(read.interfaces).toEqual([
      { name: 'h1-s1', description: 'side a: h1 eth0', linktype: 1, snaplen: 262144 },
      { name: 'r1-h2', description: 'side b: h2 eth1', linktype: 1, snaplen: 128 },
    ]);
    expect(read.packets).toEqual([
      { interface: 0, time: 1764530000123456789n, length: 3, data: Uint8Array.of(1, 2, 3), outbound: true },
      { interface: 1, time: 1764530000123456789n, length: 1500, data: new Uint8Array(128).fill(7), outbound: false },
      {
        interface: 1,
        time: 1764530000123456790n,
        length: 3,
        data: Uint8Array.of(1, 2, 3),
        outbound: true,
        drop: 'queueFull',
      },
    ]);
  });

  it('refuses a frame of an interface the capture does not have, and a file cut short', () => {
    expect(() => packetBlock(packet({ interface: 2 }), interfaces)).toThrow(/no such interface/);
    const file = captureHeader(interfaces);
    expect(() => readPcapng(file.subarray(0, file.length - 5))).toThrow(/cut short/);
  });
});

describe('capture targets', () => {
  it('reads NODE:IFACE as an interface and anything else as a link', () => {
    expect(parseTarget('h1-s1')).toEqual({ link: 'h1-s1' });
    expect(parseTarget('h1:eth0')).toEqual({ node: 'h1', iface: 'eth0' });
  });
});
