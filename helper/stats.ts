/**
 * Turns per-interface counters into the `stats` notification: per host (sum
 * of its interfaces) and per link (seen from its `a` end), with rates over
 * the interval since the previous sample. Runs at 10 Hz over thousands of
 * entries, so it builds each output object once and keeps only totals.
 */
import type { CounterSample, Notifications } from '../common/protocol/helper.js';
import type { PortCounters } from './backend.js';
import type { NetworkPlan } from './plan/plan.js';

export type StatsPayload = Notifications['stats'];

type Totals = Pick<CounterSample, 'rxPackets' | 'txPackets' | 'rxBytes' | 'txBytes' | 'drops'>;

function sampleOf(ports: readonly (PortCounters | undefined)[], before: Totals | undefined, seconds: number) {
  const s: CounterSample = {
    rxPackets: 0,
    txPackets: 0,
    rxBytes: 0,
    txBytes: 0,
    drops: 0,
    rxPps: 0,
    txPps: 0,
    rxBps: 0,
    txBps: 0,
  };
  for (const c of ports) {
    if (!c) continue;
    s.rxPackets += c.rxPackets;
    s.txPackets += c.txPackets;
    s.rxBytes += c.rxBytes;
    s.txBytes += c.txBytes;
    s.drops += c.rxDropped + c.txDropped;
  }
  if (before && seconds > 0) {
    // Whole units per second: finer digits only lengthen every notification.
    const rate = (now: number, then: number) => Math.round(Math.max(0, now - then) / seconds);
    s.rxPps = rate(s.rxPackets, before.rxPackets);
    s.txPps = rate(s.txPackets, before.txPackets);
    s.rxBps = rate(s.rxBytes, before.rxBytes);
    s.txBps = rate(s.txBytes, before.txBytes);
  }
  return s;
}

export class StatsSampler {
  private previous?: StatsPayload;

  sample(plan: NetworkPlan, ports: ReadonlyMap<string, PortCounters>, time = Date.now()): StatsPayload {
    const before = this.previous;
    const seconds = before ? (time - before.time) / 1000 : 0;
    const hosts: Record<string, CounterSample> = {};
    for (const host of plan.hosts.values()) {
      const own = host.interfaces.map((i) => ports.get(i.key));
      hosts[host.id] = sampleOf(own, before?.hosts[host.id], seconds);
    }
    const links: Record<string, CounterSample> = {};
    for (const link of plan.links.values()) {
      const [first] = link.interfaces;
      const c = first === undefined ? undefined : ports.get(first);
      if (c) links[link.id] = sampleOf([c], before?.links[link.id], seconds);
    }
    this.previous = { time, hosts, links };
    return this.previous;
  }
}
