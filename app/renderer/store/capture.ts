/**
 * The capture slice: this view's captures (capture.start answers), the
 * packets they brought (a bounded ring, packet-ring.ts), pause, the display
 * filter's text and the selected packet. Packets arrive in batches, one an
 * animation frame (services/capture.ts), so the list re-renders at most that
 * often whatever the packet rate.
 */
import type { CaptureStarted, Notifications } from '../../../common/protocol/helper.js';
import { PacketRing } from './packet-ring.js';
import type { SliceCreator } from './slice.js';

export interface CaptureSession extends CaptureStarted {
  /** What the user asked for, in words: "h1-s1 at h1". */
  label: string;
  /** Frames the helper lost for it (its reader fell behind), as its last notification said. */
  lost: number;
  /** Why it ended without a stop, when it did; a stopped capture says "stopped". */
  ended?: string;
}

export interface CaptureSlice {
  /** Running and ended captures of this view since the last Clear. */
  captures: readonly CaptureSession[];
  packetRing: PacketRing;
  /** Grows whenever packetRing changed: what the list subscribes to (the ring itself changes in place). */
  packetsVersion: number;
  capturePaused: boolean;
  /** Packets that arrived while paused: not kept. */
  packetsSkipped: number;
  packetFilter: string;
  /** The first kept packet's time since the last Clear (ns): the list's times count from it. */
  captureEpoch: string | undefined;
  /** The selected packet's number (KeptPacket.n). */
  selectedPacket: number | undefined;
}

export interface CaptureActions {
  captureStarted(started: CaptureStarted, label: string): void;
  packetsArrived(batches: readonly Notifications['capture.packets'][]): void;
  captureEnded(capture: number, reason: string): void;
  pauseCapture(paused: boolean): void;
  /** Forgets the packets and the ended captures; running ones go on. */
  clearPackets(): void;
  setPacketFilter(text: string): void;
  selectPacket(n: number | undefined): void;
}

export const runningCaptures = (captures: readonly CaptureSession[]) => captures.filter((c) => c.ended === undefined);

export const createCaptureSlice: SliceCreator<CaptureSlice & CaptureActions> = (set, get) => ({
  captures: [],
  packetRing: new PacketRing(),
  packetsVersion: 0,
  capturePaused: false,
  packetsSkipped: 0,
  packetFilter: '',
  captureEpoch: undefined,
  selectedPacket: undefined,
  captureStarted(started, label) {
    set({ captures: [...get().captures, { ...started, label, lost: 0 }] });
  },
  packetsArrived(batches) {
    const { packetRing, capturePaused, packetsSkipped, captures } = get();
    const mine = batches.filter((b) => captures.some((c) => c.capture === b.capture && c.ended === undefined));
    if (!mine.length) return;
    const count = mine.reduce((n, b) => n + b.packets.length, 0);
    if (capturePaused) return set({ packetsSkipped: packetsSkipped + count });
    for (const batch of mine) packetRing.push(batch.capture, batch.packets);
    const lost = new Map(mine.map((b) => [b.capture, b.lost]));
    set({
      packetsVersion: get().packetsVersion + 1,
      captureEpoch: get().captureEpoch ?? mine.find((b) => b.packets.length)?.packets[0]?.time,
      captures: captures.map((c) => (lost.has(c.capture) ? { ...c, lost: lost.get(c.capture) ?? c.lost } : c)),
    });
  },
  captureEnded(capture, reason) {
    set({ captures: get().captures.map((c) => (c.capture === capture ? { ...c, ended: reason } : c)) });
  },
  pauseCapture: (capturePaused) => set({ capturePaused }),
  clearPackets() {
    get().packetRing.clear();
    set({
      captures: runningCaptures(get().captures),
      packetsVersion: get().packetsVersion + 1,
      packetsSkipped: 0,
      captureEpoch: undefined,
      selectedPacket: undefined,
    });
  },
  setPacketFilter: (packetFilter) => set({ packetFilter }),
  selectPacket: (selectedPacket) => set({ selectedPacket }),
});
