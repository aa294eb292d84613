/**
 * Turns per-interface counters into the `stats` notification: per host (sum
 * of its interfaces) and per link (seen from its `a` end), with rates over
 * about the last second (RATE_WINDOW_MS). It runs at 10 Hz over thousands
 * of entries, so it sends only the entries whose numbers changed, as
 * tuples; a full notification goes first, after a network change (it drops
 * what is gone) and when a reader asks (one that joins a stream already sent).
 */
import {
  COUNTER_FIELDS,
  DROP_REASONS,
  type CounterTuple,
  type DropReason,
  type Notifications,
} from '../common/protocol/helper.js';
import { endpointKey } from '../common/topology/addressing.js';
import { RateWindow } from '../common/protocol/stats.js';
import type { PortCounters, PortReading } from './backend.js';
import type { NetworkPlan } from './plan/plan.js';

export type StatsPayload = Notifications['stats'];

/** Whole units per second (NaN before: no counters then): finer digits only lengthen every notification. */
function rate(now: number, then: number, seconds: number): number {
  return Number.isNaN(then) || seconds <= 0 ? 0 : Math.round(Math.max(0, now - then) / seconds);
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
/** The running totals the rates are taken from: rxPackets, txPackets, rxBytes, txBytes (the tuple's first four). */
const RATED = 4;

/**
 * Each entry's last tuple, as numbers: at 10,000 entries and 10 Hz, comparing in one block of memory
 * costs a fraction of reading each entry's array. A length of 0 stands for no tuple.
 */
class LastTuples {
  readonly values: Float64Array;
  readonly lengths: Uint8Array;

  constructor(readonly count: number) {
    this.values = new Float64Array(count * WITH_REASONS);
    this.lengths = new Uint8Array(count);
  }

  same(i: number, tuple: ArrayLike<number>, length: number): boolean {
    if (this.lengths[i] !== length) return false;
    const at = i * WITH_REASONS;
    for (let k = 0; k < length; k++) if (this.values[at + k] !== tuple[k]) return false;
    return true;
  }

  set(i: number, tuple: ArrayLike<number>, length: number): void {
    this.lengths[i] = length;
    const at = i * WITH_REASONS;
    for (let k = 0; k < length; k++) this.values[at + k] = tuple[k] as number;
  }

  /** For entries that moved: entry i was entry was[i] (-1: new). */
  moved(was: readonly number[]): LastTuples {
    const next = new LastTuples(was.length);
    was.forEach((j, i) => {
      if (j < 0) return;
      next.lengths[i] = this.lengths[j] as number;
      next.values.set(this.values.subarray(j * WITH_REASONS, (j + 1) * WITH_REASONS), i * WITH_REASONS);
    });
    return next;
  }
}

/** What one tick's visits share. */
interface Tick {
  totals: Float64Array;
  opening: Float64Array | undefined;
  seconds: number;
  payload: StatsPayload;
}

/** Whether an entry's totals (RATED from `at`) differ from the window's opening: its rates are not all zero then, or not for long. */
function movedSince(totals: Float64Array, opening: Float64Array, at: number): boolean {
  for (let k = at; k < at + RATED; k++) if (totals[k] !== opening[k]) return true;
  return false;
}

/** Running totals for entries that moved: entry i was entry was[i] (-1: new, no totals). */
function movedTotals(totals: Float64Array, was: readonly number[]): Float64Array {
  const next = new Float64Array(was.length * RATED).fill(NaN);
  was.forEach((j, i) => {
    if (j >= 0) next.set(totals.subarray(j * RATED, (j + 1) * RATED), i * RATED);
  });
  return next;
}

export class StatsSampler {
  /** What is sampled (made again when the plan changes) and, in the same order, the last tuples. */
  private entries: Entry[] = [];
  private tuples: (CounterTuple | undefined)[] = [];
  private last = new LastTuples(0);
  /** Each entry's ports in the counters last read, from `from[i]` to `from[i + 1]`: resolved once per map. */
  private sources: (PortCounters | undefined)[] = [];
  private from = new Int32Array(1);
  /** The entries each port is summed into (a host's port is its link's too), for the ports a read says changed. */
  private readers = new Map<PortCounters, number[]>();
  private resolvedFor?: ReadonlyMap<string, PortCounters>;
  /** The read whose changes were taken in last (PortReading's changed.read); NaN: none. */
  private lastRead = NaN;
  /** Earlier ticks' running totals (RATED per entry, NaN where an entry had none), for the rates. */
  private readonly window = new RateWindow<Float64Array>();
  /** The newest of them: an entry not visited carries its totals over from there. */
  private latest?: Float64Array;
  /** A block the window dropped, filled again at the next tick: an idle network allocates nothing. */
  private spare?: Float64Array;
  /**
   * 1 for an entry to visit at the next tick whatever its ports: its totals moved within the rate window,
   * so its rates may still change. Visited in entry order, which reads the blocks above in order: at
   * 10,000 busy hosts an order of arrival (a list) took twice as long, mostly waiting for memory.
   */
  private moving = new Uint8Array(0);
  /** How many entries `moving` marks: none, and a tick whose read changed nothing visits none. */
  private movingCount = 0;
  /** The tuple being built: one for every entry, so an unchanged entry allocates nothing. */
  private readonly scratch = new Array<number>(WITH_REASONS).fill(0);
  private planSent?: NetworkPlan;
  /** The next notification lists every entry (askFull). */
  private fullAsked = false;

  /**
   * The notification for these counters. A backend that hands over the same map again (its numbers
   * updated in place) has its keys looked up once, not at every tick; one that says which ports changed
   * has only their entries visited, with those whose rates are still falling.
   */
  sample(plan: NetworkPlan, reading: PortReading, time = Date.now()): StatsPayload {
    const { ports, changed } = reading;
    const full = plan !== this.planSent || this.fullAsked;
    const everything = plan !== this.planSent || ports !== this.resolvedFor || changed?.read !== this.lastRead + 1;
    if (plan !== this.planSent) this.follow(plan);
    if (ports !== this.resolvedFor || plan !== this.planSent) this.resolve(ports);
    this.lastRead = changed?.read ?? NaN;
    const opening = this.window.opening(time);
    const seconds = opening ? (time - opening.time) / 1000 : 0;
    const size = this.entries.length * RATED;
    const totals = this.spare?.length === size ? this.spare : new Float64Array(size);
    const payload: StatsPayload = { time, full, hosts: {}, links: {} };
    const tick: Tick = { totals, opening: opening?.value, seconds, payload };
    if (everything || !changed || !this.latest) this.moving.fill(1);
    else {
      totals.set(this.latest);
      for (const port of changed.ports) for (const i of this.readers.get(port) ?? []) this.moving[i] = 1;
    }
    if (everything || changed?.ports.length || this.movingCount) this.visitMarked(tick);
    if (full)
      this.entries.forEach((entry, i) => {
        const tuple = this.tuples[i];
        if (tuple) payload[entry.kind][entry.id] = tuple;
      });
    this.spare = this.window.push(time, totals);
    this.latest = totals;
    this.planSent = plan;
    this.fullAsked = false;
    return payload;
  }

  /** Makes the next notification a full one; the rates go on over the same window. */
  askFull(): void {
    this.fullAsked = true;
  }

  /** Visits the entries `moving` marks, marking those that move on. */
  private visitMarked(tick: Tick): void {
    let count = 0;
    for (let i = 0; i < this.moving.length; i++)
      if (this.moving[i]) {
        const moves = this.visit(i, tick);
        this.moving[i] = moves ? 1 : 0;
        if (moves) count++;
      }
    this.movingCount = count;
  }

  /** Entry i's tuple anew, into the payload where it changed; whether it moves on (its totals differ from the window's opening). */
  private visit(i: number, { totals, opening, seconds, payload }: Tick): boolean {
    const entry = this.entries[i] as Entry;
    const length = this.sum(i, entry.kind, totals);
    if (length > 0) this.rates(i, totals, opening, seconds);
    if (!this.last.same(i, this.scratch, length)) {
      const tuple = length ? (this.scratch.slice(0, length) as CounterTuple) : undefined;
      this.tuples[i] = tuple;
      this.last.set(i, this.scratch, length);
      if (tuple) payload[entry.kind][entry.id] = tuple;
    }
    return length > 0 && opening !== undefined && movedSince(totals, opening, i * RATED);
  }

  /**
   * Sums entry i's ports into scratch (COUNTER_FIELDS up to drops, then the drops by reason where every
   * port has them) and its running totals into `totals`; the tuple's length, 0 for a link whose
   * interface has no counters (yet).
   */
  private sum(i: number, kind: Entry['kind'], totals: Float64Array): number {
    const tuple = this.scratch;
    // Locals, not fill(0) and +=: this runs for every entry ten times a second.
    let [rxPackets, txPackets, rxBytes, txBytes, drops, found] = [0, 0, 0, 0, 0, 0];
    let byReason = true;
    for (let s = this.from[i] as number; s < (this.from[i + 1] as number); s++) {
      const c = this.sources[s];
      if (!c) continue;
      rxPackets += c.rxPackets;
      txPackets += c.txPackets;
      rxBytes += c.rxBytes;
      txBytes += c.txBytes;
      drops += c.drops;
      const reasons = c.dropsByReason;
      if (!reasons) byReason = false;
      else
        for (let r = 0; r < DROP_REASONS.length; r++)
          tuple[REASONS_AT + r] =
            (found ? (tuple[REASONS_AT + r] as number) : 0) + reasons[DROP_REASONS[r] as DropReason];
      found++;
    }
    const at = i * RATED;
    if (!found && kind === 'links') {
      totals.fill(NaN, at, at + RATED);
      return 0;
    }
    tuple[0] = totals[at] = rxPackets;
    tuple[1] = totals[at + 1] = txPackets;
    tuple[2] = totals[at + 2] = rxBytes;
    tuple[3] = totals[at + 3] = txBytes;
    tuple[4] = drops;
    return found && byReason ? WITH_REASONS : REASONS_AT;
  }

  /** Entry i's rates into scratch (after drops), from the totals one window ago. */
  private rates(i: number, totals: Float64Array, opening: Float64Array | undefined, seconds: number): void {
    const at = i * RATED;
    for (let k = 0; k < RATED; k++)
      this.scratch[RATED + 1 + k] = rate(
        totals[at + k] as number,
        opening ? (opening[at + k] as number) : NaN,
        seconds,
      );
  }

  /** New entries for a changed network; those that stay keep their tuples, for their rates. */
  private follow(plan: NetworkPlan): void {
    const before = new Map(this.entries.map((e, i) => [`${e.kind}/${e.id}`, i]));
    this.entries = entriesOf(plan);
    const was = this.entries.map((e) => before.get(`${e.kind}/${e.id}`) ?? -1);
    this.tuples = was.map((j) => (j < 0 ? undefined : this.tuples[j]));
    this.last = this.last.moved(was);
    this.window.map((totals) => movedTotals(totals, was));
    this.spare = this.latest = undefined;
    this.moving = new Uint8Array(this.entries.length);
    this.movingCount = 0;
  }

  /** Each entry's ports in this map, looked up once. */
  private resolve(ports: ReadonlyMap<string, PortCounters>): void {
    this.sources = [];
    this.readers = new Map();
    this.from = new Int32Array(this.entries.length + 1);
    this.entries.forEach((entry, i) => {
      this.from[i] = this.sources.length;
      for (const key of entry.keys) {
        const port = ports.get(key);
        this.sources.push(port);
        if (!port) continue;
        const readers = this.readers.get(port);
        if (readers) readers.push(i);
        else this.readers.set(port, [i]);
      }
    });
    this.from[this.entries.length] = this.sources.length;
    this.resolvedFor = ports;
  }
}
