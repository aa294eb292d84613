/**
 * The pcapng file of what a view kept: every capture's interfaces one after
 * the other (a capture's interface i is interface offset+i of the file), then
 * the kept packets in the order they arrived.
 */
import { captureHeader, concat, packetBlock } from '../../../common/capture/pcapng.js';
import type { CaptureSession } from '../store/capture.js';
import type { PacketRing } from '../store/packet-ring.js';

export function capturesFile(captures: readonly CaptureSession[], ring: PacketRing): Uint8Array {
  const offsets = new Map<number, number>();
  const interfaces = captures.flatMap((c, i, all) => {
    offsets.set(
      c.capture,
      all.slice(0, i).reduce((n, earlier) => n + earlier.interfaces.length, 0),
    );
    return c.interfaces;
  });
  const blocks = [captureHeader(interfaces)];
  for (const { capture, packet } of ring) {
    const offset = offsets.get(capture);
    if (offset !== undefined) blocks.push(packetBlock({ ...packet, interface: offset + packet.interface }, interfaces));
  }
  return concat(blocks);
}
