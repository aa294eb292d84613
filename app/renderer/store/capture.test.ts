/** The capture slice and its ring: bounds, pause, clear, what a saved file holds, dropped frames marked. */
import { afterEach, describe, expect, it } from 'vitest';
import { readPcapng } from '../../../common/capture/pcapng.js';
import type { CapturedPacket, CaptureStarted } from '../../../common/protocol/helper.js';
import { bytesToBase64 } from '../../../common/protocol/base64.js';
import { FILTER_BUDGET, FilteredNumbers, rowOf } from '../panels/packets/rows.js';
import { capturesFile } from '../services/capture-file.js';
import { getState, initialState, useStore } from './index.js';
import { PacketRing } from './packet-ring.js';

afterEach(() => {
  getState().clearPackets();
  useStore.setState(initialState(), true);
});

/** An ICMP echo request from 10.0.0.1 to 10.0.0.2, as it goes on the wire. */
const ECHO = Uint8Array.from([
  ...[2, 0, 0, 0, 0, 0xb, 2, 0, 0, 0, 0, 0xa, 8, 0],
  ...[0x45, 0, 0, 28, 0, 1, 0, 0, 64, 1, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2],
  ...[8, 0, 0, 0, 0, 7, 0, 1],
]);

const packet = (over: Partial<CapturedPacket> = {}): CapturedPacket => ({
  interface: 0,
  time: '1764530000000000000',
  direction: 'a>b',
  length: ECHO.length,
  data: bytesToBase64(ECHO),
  ...over,
});

const started = (capture: number, link: string): CaptureStarted => ({
  capture,
  interfaces: [{ link, side: 'a', node: link.split('-')[0] ?? '', iface: 'eth0', snaplen: 262144 }],
});

describe('the packet ring', () => {
  it('keeps the newest within its count, dropping and counting the oldest', () => {
    const ring = new PacketRing(3);
    ring.push(1, [packet(), packet(), packet(), packet(), packet()]);
    expect(ring.size).toBe(3);
    expect(ring.dropped).toBe(2);
    expect([...ring].map((k) => k.n)).toEqual([3, 4, 5]);
    expect(ring.get(2)).toBeUndefined();
    expect(ring.get(5)?.n).toBe(5);
  });

  it('keeps its bytes bounded too: one large frame pushes out many small ones', () => {
    const small = packet();
    const ring = new PacketRing(100, small.data.length * 4);
    ring.push(1, [small, small, small, small]);
    ring.push(1, [packet({ data: 'A'.repeat(small.data.length * 3) })]);
    expect(ring.size).toBe(2);
    expect(ring.dropped).toBe(3);
  });
});

describe('the capture slice', () => {
  it("keeps this view's packets, skips them while paused, forgets them on clear", () => {
    getState().captureStarted(started(4, 'h1-s1'), 'h1-s1 at h1');
    getState().packetsArrived([
      { capture: 4, packets: [packet(), packet()], lost: 1 },
      { capture: 9, packets: [packet()], lost: 0 },
    ]);
    expect(getState().packetRing.size).toBe(2);
    expect(getState().captures[0]?.lost).toBe(1);
    expect(getState().captureEpoch).toBe('1764530000000000000');

    getState().pauseCapture(true);
    getState().packetsArrived([{ capture: 4, packets: [packet()], lost: 1 }]);
    expect(getState().packetRing.size).toBe(2);
    expect(getState().packetsSkipped).toBe(1);

    getState().captureEnded(4, 'the network stopped');
    getState().clearPackets();
    expect(getState()).toMatchObject({ captures: [], packetsSkipped: 0, captureEpoch: undefined });
    expect(getState().packetRing.size).toBe(0);
  });

  it('saves every kept packet of every capture, each on its own pcapng interface', () => {
    getState().captureStarted(started(1, 'h1-s1'), 'h1-s1 at h1');
    getState().captureStarted(started(2, 'h2-s1'), 'h2-s1 at h2');
    getState().packetsArrived([
      { capture: 1, packets: [packet()], lost: 0 },
      { capture: 2, packets: [packet({ time: '1764530000000000001' })], lost: 0 },
    ]);
    const file = readPcapng(capturesFile(getState().captures, getState().packetRing));
    expect(file.interfaces.map((i) => i.name)).toEqual(['h1-s1', 'h2-s1']);
    expect(file.packets.map((p) => p.interface)).toEqual([0, 1]);
    expect(file.packets[1]?.data).toEqual(ECHO);
  });
});

describe('rows of the list', () => {
  it('are filtered FILTER_BUDGET at most an update: past it, the oldest new ones are skipped and counted', () => {
    const ring = new PacketRing();
    const filtered = new FilteredNumbers();
    ring.push(
      1,
      Array.from({ length: FILTER_BUDGET + 50 }, () => packet()),
    );
    expect(filtered.update(ring, 'icmp')).toHaveLength(FILTER_BUDGET);
    expect(filtered.skipped).toBe(50);
    ring.push(1, [packet()]);
    expect(filtered.update(ring, 'icmp')).toHaveLength(FILTER_BUDGET + 1);
    expect(filtered.update(ring, 'ip')).toHaveLength(FILTER_BUDGET);
    expect(filtered.skipped).toBe(51);
  });

  it('mark a frame emulation dropped, and the filter finds it', () => {
    const ring = new PacketRing();
    ring.push(1, [packet(), packet({ drop: 'queueFull' })]);
    const [kept, dropped] = [...ring];
    expect(rowOf(dropped!)).toMatchObject({ drop: 'queueFull', summary: 'Echo (ping) request id=0x0007 seq=1 ttl=64' });
    expect(rowOf(kept!).drop).toBeUndefined();
    expect(new FilteredNumbers().update(ring, 'icmp dropped')).toEqual([dropped!.n]);
  });

  it('are filtered as they arrive, and forgotten as the ring drops them', () => {
    const ring = new PacketRing(2);
    const filtered = new FilteredNumbers();
    ring.push(1, [packet()]);
    expect(filtered.update(ring, 'icmp')).toEqual([1]);
    ring.push(1, [packet(), packet()]);
    expect(filtered.update(ring, 'icmp')).toEqual([2, 3]);
    expect(filtered.skipped).toBe(0);
    expect(filtered.update(ring, '')).toBeUndefined();
    expect(filtered.update(ring, 'bogus')).toBeUndefined();
    expect(filtered.error).toContain('unknown word "bogus"');
  });
});
