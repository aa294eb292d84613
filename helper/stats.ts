/**
 * Turns per-interface counters into the `stats` notification: per host (sum
 * of its interfaces) and per link (seen from its `a` end), with rates over
 * the interval since the previous sample. It runs at 10 Hz over thousands
 * of entries, so it sends only the entries whose numbers changed, as
 * tuples; a full notification now and then lets a reader that missed one
 * (or joined late) catch up, and one after a network change drops what is gone.
 */
import type { CounterTuple, Notifications } from '../common/protocol/helper.js';
import type { PortCounters } from './backend.js';
import type { NetworkPlan } from './plan/plan.js';

export type StatsPayload = Notifications['stats'];

/** At most this long between full notifications. */
export const FULL_EVERY_MS = 1000;

/** Whole units per second: finer digits only lengthen every notification. */
function rate(now: number, then: number | undefined, seconds: number): number {
  return then === undefined || seconds <= 0 ? 0 : Math.round(Math.max(0, now - then) / seconds);
}

function tupleOf(ports: readonly (PortCounters | undefined)[], before: CounterTuple | undefined, seconds: number) {
  let rxPackets = 0;
  let txPackets = 0;
  let rxBytes = 0;
  let txBytes = 0;
  let drops = 0;
  for (const c of ports) {
    if (!c) continue;
    rxPackets += c.rxPackets;
    txPackets += c.txPackets;
    rxBytes += c.rxBytes;
    txBytes += c.txBytes;
    drops += c.rxDropped + c.txDropped;
  }
  const tuple: CounterTuple = [
    rxPackets,
    txPackets,
    rxBytes,
    txBytes,
    drops,
    rate(rxPackets, before?.[0], seconds),
    rate(txPackets, before?.[1], seconds),
    rate(rxBytes, before?.[2], seconds),
    rate(txBytes, before?.[3], seconds),
  ];
  return tuple;
}

function sameTuple(a: CounterTuple, b: CounterTuple | undefined): boolean {
  if (!b) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class StatsSampler {
  private previous = { time: 0, hosts: new Map<string, CounterTuple>(), links: new Map<string, CounterTuple>() };
  private planSent?: NetworkPlan;
  private fullSentAt = -Infinity;

  sample(plan: NetworkPlan, ports: ReadonlyMap<string, PortCounters>, time = Date.now()): StatsPayload {
    const before = this.previous;
    const seconds = before.time ? (time - before.time) / 1000 : 0;
    const full = plan !== this.planSent || time - this.fullSentAt >= FULL_EVERY_MS;
    const payload: StatsPayload = { time, full, hosts: {}, links: {} };
    const now = { time, hosts: new Map<string, CounterTuple>(), links: new Map<string, CounterTuple>() };
    const record = (kind: 'hosts' | 'links', id: string, tuple: CounterTuple) => {
      now[kind].set(id, tuple);
      if (full || !sameTuple(tuple, before[kind].get(id))) payload[kind][id] = tuple;
    };
    for (const host of plan.hosts.values()) {
      const own = host.interfaces.map((i) => ports.get(i.key));
      record('hosts', host.id, tupleOf(own, before.hosts.get(host.id), seconds));
    }
    for (const link of plan.links.values()) {
      const [first] = link.interfaces;
      const c = first === undefined ? undefined : ports.get(first);
      if (c) record('links', link.id, tupleOf([c], before.links.get(link.id), seconds));
    }
    this.previous = now;
    this.planSent = plan;
    if (full) this.fullSentAt = time;
    return payload;
  }
}
