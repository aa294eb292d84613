import { describe, expect, it } from 'vitest';
import { readTopology, type Topology, type TopologyInput } from '../../common/topology/index.js';
import { hostsOnTwoSwitches } from '../../common/topology/fixture.js';
import { diffPlans, EMPTY_PLAN, isEmptyDiff } from './diff.js';
import { planNetwork, type NetworkPlan } from './plan.js';
import { sample } from '../test-samples.js';

describe('diffPlans', () => {
  it('adds everything when starting', () => {
    const plan = planNetwork(sample('routed'));
    const diff = diffPlans(EMPTY_PLAN, plan);
    expect(diff.addedHosts.map((h) => h.id)).toEqual(['web', 'db', 'r1', 'r2', 'client', 'admin']);
    expect(diff.addedSegments).toHaveLength(3);
    expect(diff.addedInterfaces).toHaveLength(8);
    expect(diff.linkParams.map((l) => l.id)).toEqual(['r1-r2']);
    expect(diff.removedHosts).toEqual([]);
    expect(diff.hostsFile).toBe(plan.hostsFile);
  });

  it('is empty for the same plan', () => {
    const plan = planNetwork(sample('routed'));
    expect(isEmptyDiff(diffPlans(plan, planNetwork(sample('routed'), plan)))).toBe(true);
  });

  it("restarts a router's FRR when its mode or its own configuration changes, not for a link's parameters", () => {
    const ring = sample('ospf-ring');
    const running = planNetwork(ring);
    const restarted = (edit: (t: Topology) => void) => {
      const next = structuredClone(ring);
      edit(next);
      return diffPlans(running, planNetwork(next, running)).restartedRouters.map((h) => [h.id, h.frr?.daemons]);
    };
    expect(restarted((t) => (t.links[0]!.params.delayMs = 5))).toEqual([]);
    expect(restarted((t) => (t.nodes[0]!.routing = 'static'))).toEqual([['r1', undefined]]);
    expect(restarted((t) => (t.nodes[0]!.frr = 'ip route 192.0.2.0/24 blackhole\n'))).toEqual([
      ['r1', ['zebra', 'staticd']],
    ]);
    const routers = ring.nodes.filter((n) => n.kind === 'router').map((n) => n.id);
    expect(restarted((t) => (t.routing = 'bgp')).map(([id, daemons]) => [id, daemons])).toEqual(
      routers.map((id) => [id, ['zebra', 'bgpd']]),
    );
  });

  it("attaches a link's programs when they change, and again when its interfaces are rebuilt", () => {
    const base = sample('routed');
    base.links[0]!.programs = { 'a>b': { file: 'count-proto.bpf.o', section: 'tc' } };
    const running = planNetwork(base);
    expect(diffPlans(EMPTY_PLAN, running).programs.map((l) => l.id)).toEqual([base.links[0]!.id]);
    const readdressed = structuredClone(base);
    readdressed.links[0]!.a.address = '10.0.9.1/24';
    readdressed.links[0]!.b.address = '10.0.9.2/24';
    const rebuilt = diffPlans(running, planNetwork(readdressed, running));
    expect(rebuilt.addedInterfaces.map((i) => i.linkId)).toContain(base.links[0]!.id);
    expect(rebuilt.programs.map((l) => l.id)).toEqual([base.links[0]!.id]);
    const detached = structuredClone(base);
    delete detached.links[0]!.programs;
    const diff = diffPlans(running, planNetwork(detached, running));
    expect(diff.programs.map((l) => [l.id, l.programs])).toEqual([[base.links[0]!.id, undefined]]);
    expect(diff.summary.changed).toEqual([base.links[0]!.id]);
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it('sets the carrier of a link whose state changed, and of a cut link that gets new interfaces', () => {
    const base = sample('routed');
    const running = planNetwork(base);
    const cut = structuredClone(base);
    cut.links[0]!.up = false;
    const diff = diffPlans(running, planNetwork(cut, running));
    expect(diff.carrier.map((l) => [l.id, l.up])).toEqual([[base.links[0]!.id, false]]);
    expect(diff.linkParams).toEqual([]);
    expect(diff.summary.changed).toEqual([base.links[0]!.id]);
    expect(diffPlans(EMPTY_PLAN, planNetwork(cut)).carrier.map((l) => l.id)).toEqual([base.links[0]!.id]);
    expect(diffPlans(EMPTY_PLAN, planNetwork(base)).carrier).toEqual([]);
  });

  it('re-emulates a link when only one direction changed', () => {
    const base = sample('routed');
    const running = planNetwork(base);
    const oneWay = structuredClone(base);
    oneWay.links[0]!.directions = { 'b>a': { lossPercent: 3 } };
    const [link] = diffPlans(running, planNetwork(oneWay, running)).linkParams;
    expect(link?.directions['b>a'].lossPercent).toBe(3);
    expect(link?.directions['a>b']).toEqual(base.links[0]!.params);
  });

  it('changes only the parameters of the one edited link', () => {
    const base = sample('campus-1000');
    const running = planNetwork(base);
    const edited = structuredClone(base);
    edited.links[5]!.params.lossPercent = 10;
    const diff = diffPlans(running, planNetwork(edited, running));
    expect(diff.linkParams.map((l) => l.id)).toEqual([edited.links[5]!.id]);
    expect(diff.summary).toEqual({ added: [], removed: [], changed: [edited.links[5]!.id] });
    expect(diff.addedInterfaces).toEqual([]);
    expect(diff.removedInterfaces).toEqual([]);
    expect(diff.reroutedHosts).toEqual([]);
    expect(diff.hostsFile).toBeUndefined();
  });

  it('removes a host with its links and leaves the others alone', () => {
    const base = sample('seed');
    const running = planNetwork(base);
    const edited = {
      ...base,
      nodes: base.nodes.filter((n) => n.id !== 'c'),
      links: base.links.filter((l) => l.id !== 'c-lan'),
    };
    const diff = diffPlans(running, planNetwork(edited, running));
    expect(diff.removedHosts.map((h) => h.id)).toEqual(['c']);
    expect(diff.removedInterfaces).toEqual([]);
    expect(diff.addedInterfaces).toEqual([]);
    expect(diff.summary.removed).toEqual(['c', 'c-lan']);
    expect(diff.hostsFile).not.toContain('\tc\n');
  });

  it('replaces an interface whose address changed and reroutes its host', () => {
    const base = sample('seed');
    const running = planNetwork(base);
    const edited = structuredClone(base);
    edited.links[1]!.a.address = '10.0.1.20/24';
    const diff = diffPlans(running, planNetwork(edited, running));
    expect(diff.removedInterfaces.map((i) => i.key)).toEqual(['b-lan.a']);
    expect(diff.addedInterfaces.map((i) => i.address)).toEqual(['10.0.1.20/24']);
    expect(diff.reroutedHosts.map((h) => h.id)).toEqual(['b']);
    expect(diff.summary.changed).toEqual(['b', 'b-lan']);
  });

  it('replaces a segment whose kind changed, with its interfaces', () => {
    const base = sample('seed');
    const running = planNetwork(base);
    const edited = structuredClone(base);
    edited.nodes[3]!.kind = 'hub';
    const diff = diffPlans(running, planNetwork(edited, running));
    expect(diff.removedSegments.map((s) => s.kind)).toEqual(['switch']);
    expect(diff.addedSegments.map((s) => s.kind)).toEqual(['hub']);
    expect(diff.addedInterfaces).toHaveLength(3);
  });
});

describe('trunks', () => {
  const plan = (input: TopologyInput, running?: NetworkPlan) => planNetwork(readTopology(input), running);

  it("builds switches before the trunk that joins them, and sets the trunk's parameters and cut state", () => {
    const diff = diffPlans(EMPTY_PLAN, plan(hostsOnTwoSwitches({ params: { delayMs: 10 }, up: false })));
    expect(diff.addedSwitches.map((s) => [s.id, s.kind, s.segment])).toEqual([
      ['s1', 'switch', 's1'],
      ['s2', 'switch', 's1'],
    ]);
    expect(diff.addedTrunks.map((l) => [l.id, l.trunk])).toEqual([['s1-s2', { a: 's1', b: 's2' }]]);
    expect(diff.linkParams.map((l) => l.id)).toEqual(['s1-s2']);
    expect(diff.carrier.map((l) => l.id)).toEqual(['s1-s2']);
  });

  it("changes only a trunk's parameters or state when only they changed", () => {
    const running = plan(hostsOnTwoSwitches());
    const diff = diffPlans(
      running,
      plan(hostsOnTwoSwitches({ directions: { 'b>a': { lossPercent: 100 } }, up: false }), running),
    );
    expect(diff.linkParams.map((l) => [l.id, l.trunk, l.directions['b>a'].lossPercent])).toEqual([
      ['s1-s2', { a: 's1', b: 's2' }, 100],
    ]);
    expect(diff.carrier.map((l) => [l.id, l.up])).toEqual([['s1-s2', false]]);
    expect([...diff.addedTrunks, ...diff.removedTrunks, ...diff.addedSwitches, ...diff.addedInterfaces]).toEqual([]);
    expect(diff.summary.changed).toEqual(['s1-s2']);
  });

  it('replaces a switch whose kind changed, with its trunk and interfaces', () => {
    const running = plan(hostsOnTwoSwitches());
    const edited = hostsOnTwoSwitches();
    edited.nodes[1]!.kind = 'hub';
    const diff = diffPlans(running, plan(edited, running));
    expect(diff.removedSwitches.map((s) => [s.id, s.kind])).toEqual([['s2', 'switch']]);
    expect(diff.addedSwitches.map((s) => [s.id, s.kind])).toEqual([['s2', 'hub']]);
    expect(diff.removedTrunks.map((l) => l.id)).toEqual(['s1-s2']);
    expect(diff.addedTrunks.map((l) => l.id)).toEqual(['s1-s2']);
    expect(diff.addedInterfaces.map((i) => [i.key, i.switch])).toEqual([
      ['a-s1.a', 's1'],
      ['b-s2.a', 's2'],
    ]);
  });

  it('moves a host to another switch of its segment: the same address, a new port', () => {
    const running = plan(hostsOnTwoSwitches());
    const edited = hostsOnTwoSwitches();
    edited.links[2]!.b.node = 's1';
    const diff = diffPlans(running, plan(edited, running));
    expect(diff.removedInterfaces.map((i) => [i.key, i.switch])).toEqual([['b-s2.a', 's2']]);
    expect(diff.addedInterfaces.map((i) => [i.key, i.switch, i.address])).toEqual([
      ['b-s2.a', 's1', running.hosts.get('b')!.interfaces[0]!.address],
    ]);
    expect([...diff.addedSwitches, ...diff.removedSwitches, ...diff.addedTrunks, ...diff.removedTrunks]).toEqual([]);
  });

  it('removes a trunk alone when its switches stay', () => {
    const running = plan(hostsOnTwoSwitches());
    const edited = hostsOnTwoSwitches();
    edited.links.splice(0, 1);
    const diff = diffPlans(running, plan(edited, running));
    expect(diff.removedTrunks.map((l) => l.id)).toEqual(['s1-s2']);
    expect([...diff.addedSwitches, ...diff.removedSwitches, ...diff.addedTrunks]).toEqual([]);
    expect(diff.summary.removed).toEqual(['s1-s2']);
  });

  it('is empty for the same plan', () => {
    const running = plan(hostsOnTwoSwitches({ params: { rateBps: 1_000_000 } }));
    expect(isEmptyDiff(diffPlans(running, plan(hostsOnTwoSwitches({ params: { rateBps: 1_000_000 } }), running)))).toBe(
      true,
    );
  });
});
