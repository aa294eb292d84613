/**
 * A link of the running network changed by a patch against the revision it
 * was read at (made again on a fresh copy when another view changed the
 * network first), and a cable cut and reconnected on a schedule: what
 * `vnet link` and the scenario steps both do.
 */
import type { PatchResult } from '../protocol/helper.js';
import { RPC_ERRORS } from '../protocol/helper.js';
import { withState, type TopologyLink } from '../topology/index.js';
import { refusalCode, type HelperCalls } from './helper-calls.js';

/** How often a patch is made again after another view changed the network first. */
const STALE_RETRIES = 3;

/** Replaces one link by `change(link)`, against the revision it was read at. */
export async function patchLink(
  helper: HelperCalls,
  id: string,
  change: (link: TopologyLink) => TopologyLink,
): Promise<PatchResult> {
  for (let attempt = 0; ; attempt++) {
    const { topology, revision } = await helper.call('network.get', {});
    const link = topology.links.find((l) => l.id === id);
    if (!link) throw new Error(`no link "${id}" in the running network`);
    try {
      return await helper.call('network.patch', { revision, links: [change(link)] });
    } catch (error) {
      if (refusalCode(error) !== RPC_ERRORS.staleRevision || attempt === STALE_RETRIES) throw error;
    }
  }
}

/** Waits `ms` (nothing when not positive), or less when stopped. */
export function pause(ms: number, stop: AbortSignal): Promise<void> {
  if (ms <= 0 || stop.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stop.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    stop.addEventListener('abort', done);
  });
}

export interface Flap {
  downMs: number;
  upMs: number;
  /** Until stopped when absent. */
  count?: number;
}

/**
 * Cuts and reconnects a link `count` times, calling `changed` after each change. Stopping ends a
 * cut early and always leaves the link up; resolves false when stopped.
 */
export async function flapLink(
  helper: HelperCalls,
  id: string,
  flap: Flap,
  stop: AbortSignal,
  changed: (up: boolean) => void,
): Promise<boolean> {
  const set = async (up: boolean) => {
    await patchLink(helper, id, (link) => withState(link, up));
    changed(up);
  };
  for (let i = 0; flap.count === undefined || i < flap.count; i++) {
    await set(false);
    await pause(flap.downMs, stop);
    await set(true);
    if (i + 1 !== flap.count) await pause(flap.upMs, stop);
    if (stop.aborted) return false;
  }
  return true;
}
