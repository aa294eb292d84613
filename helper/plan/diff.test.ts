import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTopology, type Topology } from '../../common/topology/index.js';
import { diffPlans, EMPTY_PLAN, isEmptyDiff, unshapedLinkWarnings } from './diff.js';
import { planNetwork } from './plan.js';

const sample = (name: string): Topology =>
  readTopology(JSON.parse(readFileSync(new URL(`../../samples/${name}.json`, import.meta.url), 'utf8')));

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

describe('unshapedLinkWarnings', () => {
  const switches = (delayMs: number): Topology =>
    readTopology({
      version: 1,
      nodes: ['s1', 's2', 'a', 'b'].map((id) => ({
        id,
        kind: id.startsWith('s') ? 'switch' : 'host',
        name: id,
        position: { x: 0, y: 0 },
      })),
      links: [
        { id: 's1-s2', a: { node: 's1' }, b: { node: 's2' }, params: { delayMs } },
        { id: 'a-s1', a: { node: 'a' }, b: { node: 's1' }, params: { delayMs: 5 } },
        { id: 'b-s2', a: { node: 'b' }, b: { node: 's2' }, params: {} },
      ],
    });

  it('refuses to cut a switch-to-switch link, naming it', () => {
    const cut = switches(0);
    cut.links[0]!.up = false;
    expect(() => planNetwork(cut)).toThrow(/link s1-s2: a link between switches or hubs cannot be cut/);
  });

  it('names a switch-to-switch link whose parameters are set, and no link that carries them', () => {
    expect(unshapedLinkWarnings(EMPTY_PLAN, planNetwork(switches(10)))).toEqual([
      'link s1-s2: parameters not applied (a link between switches or hubs joins one segment)',
    ]);
  });

  it('says it once: not again while the parameters stay, nor for defaults', () => {
    const running = planNetwork(switches(10));
    expect(unshapedLinkWarnings(running, planNetwork(switches(10), running))).toEqual([]);
    expect(unshapedLinkWarnings(EMPTY_PLAN, planNetwork(switches(0)))).toEqual([]);
    expect(unshapedLinkWarnings(running, planNetwork(switches(20), running))).toHaveLength(1);
  });
});
