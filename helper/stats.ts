/**
 * Turns per-interface counters into the `stats` notification: per host (sum
 * of its interfaces) and per link (seen from its `a` end), with rates over
 * about the last second (RATE_WINDOW_MS). It runs at 10 Hz over thousands
 * of entries, so it sends only the entries whose numbers changed, as
 * tuples; a full notification now and then lets a reader that missed one
 * (or joined late) catch up, and one after a network change drops what is gone.
 */
import {
  COUNTER_FIELDS,
  DROP_REASONS,
  type CounterTuple,
  type DropCounts,
  type DropReason,
  type Notifications,
} from '../common/protocol/helper.js';
import { endpointKey } from '../common/topology/addressing.js';
import { RateWindow } from '../common/protocol/stats.js';
import type { PortCounters } from './backend.js';
import type { NetworkPlan } from './plan/plan.js';

export type StatsPayload = Notifications['stats'];

/** At most this long between full notifications. */
export const FULL_EVERY_MS = 1000;

/** Whole units per second: finer digits only lengthen every notification. */
function rate(now: number, then: number | undefined, seconds: number): number {
  return then === undefined || seconds <= 0 ? 0 : Math.round(Math.max(0, now - then) / seconds);
}

/** A host (its interfaces summed) or a link (its `a` end; a trunk's: the end on switch a) and the keys it reads. */
interface Entry {
  kind: 'hosts' | 'links';
  id: string;
  keys: string[];
}

function entriesOf(plan: NetworkPlan): Entry[] {
  const entries: Entry[] = [];
  for (const host of plan.hosts.values())
    entries.push({ kind: 'hosts', id: host.id, keys: host.interfaces.map((i) => i.key) });
  for (const link of plan.links.values()) {
    const first = link.trunk ? endpointKey(link.id, 'a') : link.interfaces[0];
    if (first !== undefined) entries.push({ kind: 'links', id: link.id, keys: [first] });
  }
  return entries;
}

const REASONS_AT = COUNTER_FIELDS.length;
const WITH_REASONS = REASONS_AT + DROP_REASONS.length;

/** The entry's drops by reason, summed here: reused for every entry, so an idle network allocates nothing. */
const reasonSums = new Array<number>(DROP_REASONS.length).fill(0);

/** Adds one interface's drops by reason to reasonSums (the first one replaces what the last entry left). */
function addReasons(reasons: DropCounts, first: boolean): void {
  for (let r = 0; r < DROP_REASONS.length; r++) {
    const value = reasons[DROP_REASONS[r] as DropReason];
    reasonSums[r] = first ? value : (reasonSums[r] ?? 0) + value;
  }
}

function sameReasons(before: CounterTuple, length: number): boolean {
  for (let i = REASONS_AT; i < length; i++) if (before[i] !== reasonSums[i - REASONS_AT]) return false;
  return true;
}

/** The entry's tuple, or undefined for a link whose interface has no counters (yet). */
function tupleOf(
  entry: Entry,
  ports: ReadonlyMap<string, PortCounters>,
  before: CounterTuple | undefined,
  opening: CounterTuple | undefined,
  seconds: number,
): CounterTuple | undefined {
  let rxPackets = 0;
  let txPackets = 0;
  let rxBytes = 0;
  let txBytes = 0;
  let drops = 0;
  let found = 0;
  let byReason = true;
  for (const key of entry.keys) {
    const c = ports.get(key);
    if (!c) continue;
    rxPackets += c.rxPackets;
    txPackets += c.txPackets;
    rxBytes += c.rxBytes;
    txBytes += c.txBytes;
    drops += c.drops;
    if (!c.dropsByReason) byReason = false;
    else if (byReason) addReasons(c.dropsByReason, found === 0);
    found++;
  }
  if (!found && entry.kind === 'links') return undefined;
  const length = found && byReason ? WITH_REASONS : REASONS_AT;
  const rxPps = rate(rxPackets, opening?.[0], seconds);
  const txPps = rate(txPackets, opening?.[1], seconds);
  const rxBps = rate(rxBytes, opening?.[2], seconds);
  const txBps = rate(txBytes, opening?.[3], seconds);
  // Unchanged: the same tuple, so an idle network allocates nothing and is sent nothing.
  if (
    before?.length === length &&
    before[0] === rxPackets &&
    before[1] === txPackets &&
    before[2] === rxBytes &&
    before[3] === txBytes &&
    before[4] === drops &&
    before[5] === rxPps &&
    before[6] === txPps &&
    before[7] === rxBps &&
    before[8] === txBps &&
    sameReasons(before, length)
  )
    return before;
  const tuple = [rxPackets, txPackets, rxBytes, txBytes, drops, rxPps, txPps, rxBps, txBps];
  return (length === REASONS_AT ? tuple : tuple.concat(reasonSums)) as CounterTuple;
}

function copied<T>(source: readonly T[], target: T[]): T[] {
  target.length = source.length;
  for (let i = 0; i < source.length; i++) target[i] = source[i] as T;
  return target;
}

export class StatsSampler {
  /** What is sampled (made again when the plan changes) and, in the same order, the last tuples. */
  private entries: Entry[] = [];
  private tuples: (CounterTuple | undefined)[] = [];
  /** Earlier ticks' tuples, for the rates. */
  private readonly window = new RateWindow<(CounterTuple | undefined)[]>();
  /** A list the window dropped, filled again at the next tick: an idle network allocates nothing. */
  private spare?: (CounterTuple | undefined)[];
  private planSent?: NetworkPlan;
  private fullSentAt = -Infinity;

  sample(plan: NetworkPlan, ports: ReadonlyMap<string, PortCounters>, time = Date.now()): StatsPayload {
    const full = plan !== this.planSent || time - this.fullSentAt >= FULL_EVERY_MS;
    if (plan !== this.planSent) this.follow(plan);
    const opening = this.window.opening(time);
    const seconds = opening ? (time - opening.time) / 1000 : 0;
    const payload: StatsPayload = { time, full, hosts: {}, links: {} };
    for (let i = 0; i < this.entries.length; i++) {
      const entry = this.entries[i] as Entry;
      const before = this.tuples[i];
      const tuple = tupleOf(entry, ports, before, opening?.value[i], seconds);
      this.tuples[i] = tuple;
      if (tuple && (full || tuple !== before)) payload[entry.kind][entry.id] = tuple;
    }
    this.spare = this.window.push(time, copied(this.tuples, this.spare ?? []));
    this.planSent = plan;
    if (full) this.fullSentAt = time;
    return payload;
  }

  /** New entries for a changed network; those that stay keep their tuples, for their rates. */
  private follow(plan: NetworkPlan): void {
    const keys = this.entries.map((e) => `${e.kind}/${e.id}`);
    this.entries = entriesOf(plan);
    const moved = (tuples: readonly (CounterTuple | undefined)[]) => {
      const byKey = new Map(keys.map((key, i) => [key, tuples[i]]));
      return this.entries.map((e) => byKey.get(`${e.kind}/${e.id}`));
    };
    this.tuples = moved(this.tuples);
    this.window.map(moved);
    this.spare = undefined;
  }
}
