import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { foldCounters, type CountersView } from '../common/protocol/stats.js';
import { readTopology } from '../common/topology/index.js';
import { hostsOnTwoSwitches } from '../common/topology/fixture.js';
import type { PortCounters } from './backend.js';
import { planNetwork, type NetworkPlan } from './plan/plan.js';
import { StatsSampler, type StatsPayload } from './stats.js';

const seed = readTopology(JSON.parse(readFileSync(new URL('../samples/seed.json', import.meta.url), 'utf8')));
const plan = planNetwork(seed);
const [firstHost, secondHost] = [...plan.hosts.values()];
const firstLink = [...plan.links.values()].find((l) => l.interfaces.includes(firstHost!.interfaces[0]!.key))!;

/** Every interface idle at `base` packets, the first host's first interface having sent `sent` more. */
function ports(network: NetworkPlan, sent = 0, base = 10): Map<string, PortCounters> {
  const all = new Map<string, PortCounters>();
  for (const host of network.hosts.values())
    for (const i of host.interfaces)
      all.set(i.key, { rxPackets: base, txPackets: base, rxBytes: 100, txBytes: 100, drops: 1 });
  const own = all.get(firstHost!.interfaces[0]!.key)!;
  all.set(firstHost!.interfaces[0]!.key, { ...own, txPackets: base + sent, txBytes: 100 + sent * 100 });
  return all;
}

describe('StatsSampler', () => {
  it('sends everything first, then only what changed, rates falling to zero once the window passes the traffic', () => {
    const sampler = new StatsSampler();
    const first = sampler.sample(plan, { ports: ports(plan) }, 1000);
    expect(first.full).toBe(true);
    expect(Object.keys(first.hosts).sort()).toEqual([...plan.hosts.keys()].sort());
    expect(first.hosts[firstHost!.id]).toEqual([10, 10, 100, 100, 1, 0, 0, 0, 0]);
    expect(Object.keys(first.links)).toContain(firstLink.id);

    expect(sampler.sample(plan, { ports: ports(plan) }, 1100)).toEqual({
      time: 1100,
      full: false,
      hosts: {},
      links: {},
    });

    // Less than a window seen: the rate is over what was seen (5 packets in 0.2 s).
    const busy = sampler.sample(plan, { ports: ports(plan, 5) }, 1200);
    expect(busy.full).toBe(false);
    expect(busy.hosts).toEqual({ [firstHost!.id]: [10, 15, 100, 600, 1, 0, 25, 0, 2500] });
    expect(Object.keys(busy.links)).toEqual([firstLink.id]);

    // A window after the first tick the burst reads 5 packets over a second…
    for (let time = 1300; time < 2000; time += 100) sampler.sample(plan, { ports: ports(plan, 5) }, time);
    expect(sampler.sample(plan, { ports: ports(plan, 5) }, 2000).hosts[firstHost!.id]?.[6]).toBe(5);
    expect(sampler.sample(plan, { ports: ports(plan, 5) }, 2100).hosts).toEqual({});
    // …and once the window opens after it, the rates are zero, sent once.
    expect(sampler.sample(plan, { ports: ports(plan, 5) }, 2200).hosts).toEqual({
      [firstHost!.id]: [10, 15, 100, 600, 1, 0, 0, 0, 0],
    });
    expect(sampler.sample(plan, { ports: ports(plan, 5) }, 2300).hosts).toEqual({});
  });

  it('reads a steady 1 pps as 1 at every tick, not 10 once and 0 nine times', () => {
    const sampler = new StatsSampler();
    const rates: number[] = [];
    for (let time = 0; time <= 6000; time += 100) {
      const sent = Math.floor((time + 550) / 1000); // one packet every second, at 450, 1450, …
      const txPps = sampler.sample(plan, { ports: ports(plan, sent) }, time).hosts[firstHost!.id]?.[6];
      if (time >= 1000) rates.push(txPps ?? rates.at(-1)!);
    }
    expect(rates).toHaveLength(51);
    for (const rate of rates) expect(rate).toBeCloseTo(1, 1);
  });

  it('counts a trunk from its end on switch a, where the backend gives it', () => {
    const switched = planNetwork(readTopology(hostsOnTwoSwitches()));
    const counters = new Map([['s1-s2.a', { rxPackets: 3, txPackets: 7, rxBytes: 300, txBytes: 700, drops: 0 }]]);
    expect(new StatsSampler().sample(switched, { ports: counters }, 1000).links['s1-s2']).toEqual([
      3, 7, 300, 700, 0, 0, 0, 0, 0,
    ]);
  });

  it('reads the numbers anew from a map handed again with its counters updated in place, as netns does', () => {
    const sampler = new StatsSampler();
    const counters = ports(plan);
    sampler.sample(plan, { ports: counters }, 1000);
    const own = counters.get(firstHost!.interfaces[0]!.key)!;
    own.txPackets += 4;
    own.txBytes += 400;
    expect(sampler.sample(plan, { ports: counters }, 1100).hosts).toEqual({
      [firstHost!.id]: [10, 14, 100, 500, 1, 0, 40, 0, 4000],
    });
    // The same map for a smaller network: the entries that are left, read from the same counters.
    const smaller: NetworkPlan = { ...plan, hosts: new Map([[firstHost!.id, firstHost!]]) };
    own.txPackets += 1;
    expect(sampler.sample(smaller, { ports: counters }, 1200).hosts).toEqual({
      [firstHost!.id]: [10, 15, 100, 500, 1, 0, 25, 0, 2000],
    });
  });

  it('sends a full notification first, after the network changed and when asked, keeping the rates', () => {
    const sampler = new StatsSampler();
    sampler.sample(plan, { ports: ports(plan) }, 1000);
    for (let time = 1100; time <= 5000; time += 100)
      expect(sampler.sample(plan, { ports: ports(plan, time > 3000 ? 5 : 0) }, time).full).toBe(false);

    sampler.askFull();
    const asked = sampler.sample(plan, { ports: ports(plan, 7) }, 5100);
    expect(asked.full).toBe(true);
    expect(Object.keys(asked.hosts).sort()).toEqual([...plan.hosts.keys()].sort());
    // Over the window that was going on: two more packets than a second ago (a new stream would read 0).
    expect(asked.hosts[firstHost!.id]).toEqual([10, 17, 100, 800, 1, 0, 2, 0, 200]);
    expect(sampler.sample(plan, { ports: ports(plan, 7) }, 5200).full).toBe(false);

    const smaller: NetworkPlan = { ...plan, hosts: new Map([[secondHost!.id, secondHost!]]) };
    const changed = sampler.sample(smaller, { ports: ports(smaller) }, 5300);
    expect(changed.full).toBe(true);
    expect(Object.keys(changed.hosts)).toEqual([secondHost!.id]);
  });

  it('folds into the counters a fresh subscription sees', () => {
    const sampler = new StatsSampler();
    let view: CountersView | undefined;
    let last: StatsPayload | undefined;
    [0, 0, 3, 9, 9, 9, 20].forEach((sent, tick) => {
      last = sampler.sample(plan, { ports: ports(plan, sent) }, 1000 + tick * 100);
      view = foldCounters(view, last);
    });
    // The same ticks, the last one full (the plan is a new object): every entry as it is, rates over the same window.
    const everything = new StatsSampler();
    [0, 0, 3, 9, 9, 9].forEach((sent, tick) =>
      everything.sample(plan, { ports: ports(plan, sent) }, 1000 + tick * 100),
    );
    const reference = foldCounters(undefined, everything.sample({ ...plan }, { ports: ports(plan, 20) }, 1600));
    expect(last?.full).toBe(false);
    expect(view).toEqual(reference);
  });

  it('sends drops by reason where the backend counts them, summed over a host, and a total only otherwise', () => {
    const byReason = { loss: 3, queueFull: 1, noCarrier: 0, noDest: 1, partition: 2, prog: 4 };
    const kmod = new Map([...ports(plan)].map(([key, c]) => [key, { ...c, drops: 5, dropsByReason: byReason }]));
    const sample = new StatsSampler().sample(plan, { ports: kmod }, 1000);
    const interfaces = firstHost!.interfaces.length;
    expect(sample.hosts[firstHost!.id]?.slice(4, 5)).toEqual([5 * interfaces]);
    expect(sample.hosts[firstHost!.id]?.slice(9)).toEqual([3, 1, 0, 1, 2, 4].map((n) => n * interfaces));
    expect(sample.links[firstLink.id]?.slice(9)).toEqual([3, 1, 0, 1, 2, 4]);
    expect(new StatsSampler().sample(plan, { ports: ports(plan) }, 1000).hosts[firstHost!.id]).toHaveLength(9);
  });

  it('sends an entry whose drop reasons alone changed', () => {
    const counted = (loss: number) =>
      new Map(
        [...ports(plan)].map(([key, c]) => [
          key,
          { ...c, dropsByReason: { loss, queueFull: 1 - loss, noCarrier: 0, noDest: 0, partition: 0, prog: 0 } },
        ]),
      );
    const sampler = new StatsSampler();
    sampler.sample(plan, { ports: counted(0) }, 1000);
    expect(Object.keys(sampler.sample(plan, { ports: counted(1) }, 1100).hosts).sort()).toEqual(
      [...plan.hosts.keys()].sort(),
    );
  });

  it('gives, visiting only the ports a read says changed, what visiting every port gives', () => {
    // Ports updated in place as netns does; a steady stream of small changes, drops alone now and then,
    // idle stretches longer than the rate window, a stall, a read the sampler missed and a network change.
    const counters = ports(plan);
    const all = [...counters.values()];
    const [fast, slow] = [new StatsSampler(), new StatsSampler()];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let [time, read, network] = [1000, 0, plan];
    for (let tick = 0; tick < 200; tick++) {
      const changed = new Set<PortCounters>();
      const busy = tick < 40 || (tick >= 80 && tick < 90) || tick >= 150;
      for (let n = busy ? 1 + Math.floor(random() * 3) : 0; n > 0; n--) {
        const port = all[Math.floor(random() * all.length)]!;
        if (random() < 0.2) port.drops += 1;
        else [port.txPackets, port.txBytes] = [port.txPackets + 1, port.txBytes + 60 + Math.floor(random() * 1400)];
        changed.add(port);
      }
      if (tick === 60) time += 3000;
      if (tick === 100) read++;
      if (tick === 120) network = { ...plan };
      time += 80 + Math.floor(random() * 40);
      read++;
      const incremental = fast.sample(network, { ports: counters, changed: { read, ports: [...changed] } }, time);
      expect(incremental, `tick ${tick}`).toEqual(slow.sample(network, { ports: counters }, time));
    }
  });

  it('reads no port at a tick whose read names no change, once the rates are back at zero', () => {
    const counters = ports(plan);
    const sampler = new StatsSampler();
    sampler.sample(plan, { ports: counters, changed: { read: 1, ports: [] } }, 1000);
    const idle = counters.get(firstHost!.interfaces[0]!.key)!;
    let reads = 0;
    counters.set(
      firstHost!.interfaces[0]!.key,
      new Proxy(idle, { get: (target, field: keyof PortCounters) => (reads++, target[field]) }),
    );
    // A new map of the same numbers is read whole once, its changes only from then on.
    const again = new Map(counters);
    sampler.sample(plan, { ports: again, changed: { read: 2, ports: [] } }, 1100);
    reads = 0;
    for (let read = 3; read < 30; read++)
      expect(sampler.sample(plan, { ports: again, changed: { read, ports: [] } }, 1000 + read * 100).hosts).toEqual({});
    expect(reads).toBe(0);
  });
});
