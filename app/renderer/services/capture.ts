/**
 * Captures from the designer: start and stop them on links, follow their
 * notifications (batched to one store update an animation frame, however
 * fast packets come), save what the view kept as pcapng, and open a capture
 * live in Wireshark where main says it can.
 */
import type { Side } from '../../../common/capture/targets.js';
import type { Notifications } from '../../../common/protocol/helper.js';
import { bytesToBase64 } from '../../../common/protocol/base64.js';
import { getState } from '../store/index.js';
import { runningCaptures } from '../store/capture.js';
import { api } from './api.js';
import { capturesFile } from './capture-file.js';
import { chooseSavePath, reportError } from './files.js';

export type CaptureSide = Side | 'both';

/** Captures a link at one end or both (one capture an end, so each keeps its own side). */
export async function captureLink(link: string, side: CaptureSide): Promise<void> {
  const sides: Side[] = side === 'both' ? ['a', 'b'] : [side];
  try {
    for (const s of sides) {
      const started = await api().capture.start({ targets: [link], side: s });
      const at = started.interfaces.map((i) => i.node).join(', ');
      getState().captureStarted(started, `${link} at ${at}`);
    }
  } catch (error) {
    reportError(error);
  }
}

/** Stops this view's running captures, of one link or all of them. */
export async function stopCaptures(link?: string): Promise<void> {
  const chosen = runningCaptures(getState().captures).filter(
    (c) => link === undefined || c.interfaces.some((i) => i.link === link),
  );
  await Promise.all(
    chosen.map(async ({ capture }) => {
      try {
        await api().capture.stop({ capture });
      } catch (error) {
        reportError(error);
      }
      getState().captureEnded(capture, 'stopped');
    }),
  );
}

/** Follows capture notifications; returns the unsubscribe function. */
export function followCaptures(): () => void {
  let batches: Notifications['capture.packets'][] = [];
  let frame: number | undefined;
  const flush = () => {
    frame = undefined;
    const arrived = batches;
    batches = [];
    getState().packetsArrived(arrived);
  };
  const stops = [
    api().on('capture.packets', (batch) => {
      batches.push(batch);
      frame ??= requestAnimationFrame(flush);
    }),
    api().on('capture.ended', ({ capture, reason }) => getState().captureEnded(capture, reason)),
    // A helper gone took its captures along, without a capture.ended.
    api().on('helper.state', ({ state }) => {
      if (state === 'ready') return;
      for (const { capture } of runningCaptures(getState().captures))
        getState().captureEnded(capture, 'the helper stopped');
    }),
  ];
  return () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    stops.forEach((stop) => stop());
  };
}

/** Writes every packet the view keeps, as pcapng. */
export async function savePackets(): Promise<void> {
  const { captures, packetRing, topology } = getState();
  const path = await chooseSavePath('Save packets as pcapng', `${topology.name || 'capture'}.pcapng`);
  if (!path) return;
  try {
    await api().files.saveBytes(path, bytesToBase64(capturesFile(captures, packetRing)));
  } catch (error) {
    reportError(error);
  }
}

export async function openInWireshark(): Promise<void> {
  try {
    for (const { capture } of runningCaptures(getState().captures)) await api().capture.openInWireshark(capture);
  } catch (error) {
    reportError(error);
  }
}
