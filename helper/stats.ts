/**
 * Turns per-interface counters into the `stats` notification: per host (sum
 * of its interfaces) and per link (seen from its `a` end), with rates over
 * the interval since the previous sample.
 */
import type { CounterSample, Counters, Notifications } from '../common/protocol/helper.js';
import type { PortCounters } from './backend.js';
import type { NetworkPlan } from './plan/plan.js';

export type StatsPayload = Notifications['stats'];

const zero = (): Counters => ({ rxPackets: 0, txPackets: 0, rxBytes: 0, txBytes: 0, drops: 0 });

function add(total: Counters, c: PortCounters): void {
  total.rxPackets += c.rxPackets;
  total.txPackets += c.txPackets;
  total.rxBytes += c.rxBytes;
  total.txBytes += c.txBytes;
  total.drops += c.rxDropped + c.txDropped;
}

export class StatsSampler {
  private previous?: { time: number; hosts: Map<string, Counters>; links: Map<string, Counters> };

  sample(plan: NetworkPlan, ports: ReadonlyMap<string, PortCounters>, time = Date.now()): StatsPayload {
    const hosts = new Map<string, Counters>();
    for (const host of plan.hosts.values()) {
      const total = zero();
      for (const i of host.interfaces) {
        const c = ports.get(i.key);
        if (c) add(total, c);
      }
      hosts.set(host.id, total);
    }
    const links = new Map<string, Counters>();
    for (const link of plan.links.values()) {
      const c = link.interfaces[0] === undefined ? undefined : ports.get(link.interfaces[0]);
      if (!c) continue;
      const total = zero();
      add(total, c);
      links.set(link.id, total);
    }
    const previous = this.previous;
    this.previous = { time, hosts, links };
    const seconds = previous ? Math.max((time - previous.time) / 1000, 1e-3) : 0;
    const withRates = (now: Map<string, Counters>, before: Map<string, Counters> | undefined) => {
      const out: Record<string, CounterSample> = {};
      for (const [id, c] of now) {
        const b = before?.get(id);
        const rate = (x: number, y: number | undefined) =>
          y === undefined || !seconds ? 0 : Math.max(0, x - y) / seconds;
        out[id] = {
          ...c,
          rxPps: rate(c.rxPackets, b?.rxPackets),
          txPps: rate(c.txPackets, b?.txPackets),
          rxBps: rate(c.rxBytes, b?.rxBytes),
          txBps: rate(c.txBytes, b?.txBytes),
        };
      }
      return out;
    };
    return { time, hosts: withRates(hosts, previous?.hosts), links: withRates(links, previous?.links) };
  }
}
