/** Link parameters as the module's per-direction emulation (struct vnet_shape). */
import type { LinkParams } from '../../common/topology/index.js';
import type { VnetShape } from '../../native/index.js';

const NS_PER_MS = 1e6;
const PPM_PER_PERCENT = 1e4;

/**
 * The module takes jitter up to the delay; more is clamped there (the caller warns). limitPkts always goes
 * along: the module only queues while delay, rate, loss or duplication asks for it, so a link whose
 * parameters return to zero is back on the fast path whatever its queue length (struct vnet_shape).
 */
export function shapeOf(p: LinkParams): VnetShape {
  return {
    delayNs: Math.round(p.delayMs * NS_PER_MS),
    jitterNs: Math.round(Math.min(p.jitterMs, p.delayMs) * NS_PER_MS),
    rateBps: p.rateBps,
    lossPpm: Math.round(p.lossPercent * PPM_PER_PERCENT),
    dupPpm: Math.round(p.duplicatePercent * PPM_PER_PERCENT),
    limitPkts: p.queuePackets,
  };
}

export function jitterClamped(p: LinkParams): boolean {
  return p.jitterMs > p.delayMs;
}
