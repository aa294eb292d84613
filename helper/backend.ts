/**
 * What the helper asks of a backend: bring a plan's difference into the
 * kernel, read counters, tear down. `netns` builds from stock kernel parts;
 * `kmod` drives /dev/vnet.
 */
import type { BackendName, Counters, LinkParamName } from '../common/protocol/helper.js';
import type { NetworkDiff } from './plan/diff.js';
import type { NetworkPlan } from './plan/plan.js';

/** An interface's counters, seen from its host: drops by reason only where the backend tells them apart. */
export type PortCounters = Counters;

export interface Backend {
  readonly name: BackendName;
  /** Per link parameter: can this backend emulate it here. */
  readonly params: Record<LinkParamName, boolean>;
  /** Applies a diff computed against the plan this backend last applied. Returns warnings. */
  apply(diff: NetworkDiff, desired: NetworkPlan): Promise<string[]>;
  /** The network namespace (name under /run/netns) of a stack node. */
  namespaceOf(hostId: string): string;
  /** Counters of every interface, keyed by interface key (`<linkId>.<side>`), seen from the host. */
  counters(): Promise<Map<string, PortCounters>>;
  /** Removes everything this backend created. */
  stop(): Promise<void>;
}

/** Names of link parameters whose value differs from "off" and that the backend cannot emulate. */
export function unsupportedParams(
  params: Record<LinkParamName, boolean>,
  values: { delayMs: number; jitterMs: number; lossPercent: number; duplicatePercent: number; rateBps: number },
): LinkParamName[] {
  const requested: Record<LinkParamName, boolean> = {
    delay: values.delayMs > 0,
    jitter: values.jitterMs > 0,
    loss: values.lossPercent > 0,
    duplicate: values.duplicatePercent > 0,
    rate: values.rateBps > 0,
  };
  return (Object.keys(requested) as LinkParamName[]).filter((p) => requested[p] && !params[p]);
}
