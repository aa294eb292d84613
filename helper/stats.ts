/**
 * Turns per-interface counters into the `stats` notification: per host (sum
 * of its interfaces) and per link (seen from its `a` end), with rates over
 * the interval since the previous sample. It runs at 10 Hz over thousands
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
import type { PortCounters } from './backend.js';
import type { NetworkPlan } from './plan/plan.js';

export type StatsPayload = Notifications['stats'];

/** At most this long between full notifications. */
export const FULL_EVERY_MS = 1000;

/** Whole units per second: finer digits only lengthen every notification. */
function rate(now: number, then: number | undefined, seconds: number): number {
  return then === undefined || seconds <= 0 ? 0 : Math.round(Math.max(0, now - then) / seconds);
}

/** A host (its interfaces summed) or a link (its `a` end) and the interface keys it reads. */
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
    const [first] = link.interfaces;
    if (first !== undefined) entries.push({ kind: 'links', id: link.id, keys: [first] });
  }
  return entries;
}

const REASONS_AT = COUNTER_FIELDS.length;

/** Where the next tuple is summed: reused for every entry, so an idle network allocates nothing. */
const scratch: number[] = new Array<number>(REASONS_AT + DROP_REASONS.length).fill(0);

function addReason(this: DropCounts, reason: DropReason, i: number): void {
  scratch[REASONS_AT + i] = (scratch[REASONS_AT + i] ?? 0) + this[reason];
}

/** Sums the entry's interfaces into scratch; returns the tuple's length, 0 when none has counters (yet). */
function sum(entry: Entry, ports: ReadonlyMap<string, PortCounters>): number {
  let rxPackets = 0;
  let txPackets = 0;
  let rxBytes = 0;
  let txBytes = 0;
  let drops = 0;
  let found = false;
  let byReason = true;
  scratch.fill(0, REASONS_AT);
  for (const key of entry.keys) {
    const c = ports.get(key);
    if (!c) continue;
    found = true;
    rxPackets += c.rxPackets;
    txPackets += c.txPackets;
    rxBytes += c.rxBytes;
    txBytes += c.txBytes;
    drops += c.drops;
    const reasons = c.dropsByReason;
    if (!reasons) byReason = false;
    else DROP_REASONS.forEach(addReason, reasons);
  }
  scratch[0] = rxPackets;
  scratch[1] = txPackets;
  scratch[2] = rxBytes;
  scratch[3] = txBytes;
  scratch[4] = drops;
  return !found ? 0 : byReason ? scratch.length : REASONS_AT;
}

function same(before: CounterTuple, length: number): boolean {
  if (before.length !== length) return false;
  for (let i = 0; i < length; i++) if (before[i] !== scratch[i]) return false;
  return true;
}

/** The entry's tuple, or undefined for a link whose interface has no counters (yet). */
function tupleOf(
  entry: Entry,
  ports: ReadonlyMap<string, PortCounters>,
  before: CounterTuple | undefined,
  seconds: number,
): CounterTuple | undefined {
  const summed = sum(entry, ports);
  if (summed === 0 && entry.kind === 'links') return undefined;
  const length = summed || REASONS_AT;
  scratch[5] = rate(scratch[0] as number, before?.[0], seconds);
  scratch[6] = rate(scratch[1] as number, before?.[1], seconds);
  scratch[7] = rate(scratch[2] as number, before?.[2], seconds);
  scratch[8] = rate(scratch[3] as number, before?.[3], seconds);
  // Unchanged: the same tuple, so an idle network allocates nothing and is sent nothing.
  if (before && same(before, length)) return before;
  return scratch.slice(0, length) as CounterTuple;
}

export class StatsSampler {
  /** What is sampled (made again when the plan changes) and, in the same order, the last tuples. */
  private entries: Entry[] = [];
  private tuples: (CounterTuple | undefined)[] = [];
  private time = 0;
  private planSent?: NetworkPlan;
  private fullSentAt = -Infinity;

  sample(plan: NetworkPlan, ports: ReadonlyMap<string, PortCounters>, time = Date.now()): StatsPayload {
    const full = plan !== this.planSent || time - this.fullSentAt >= FULL_EVERY_MS;
    if (plan !== this.planSent) this.follow(plan);
    const seconds = this.time ? (time - this.time) / 1000 : 0;
    const payload: StatsPayload = { time, full, hosts: {}, links: {} };
    for (let i = 0; i < this.entries.length; i++) {
      const entry = this.entries[i] as Entry;
      const before = this.tuples[i];
      const tuple = tupleOf(entry, ports, before, seconds);
      this.tuples[i] = tuple;
      if (tuple && (full || tuple !== before)) payload[entry.kind][entry.id] = tuple;
    }
    this.time = time;
    this.planSent = plan;
    if (full) this.fullSentAt = time;
    return payload;
  }

  /** New entries for a changed network; those that stay keep their last tuple, for their rates. */
  private follow(plan: NetworkPlan): void {
    const last = new Map(this.entries.map((e, i) => [`${e.kind}/${e.id}`, this.tuples[i]]));
    this.entries = entriesOf(plan);
    this.tuples = this.entries.map((e) => last.get(`${e.kind}/${e.id}`));
  }
}
