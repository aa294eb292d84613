import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTopology, type Topology } from '../../common/topology/index.js';
import { hostsOnTwoSwitches } from '../../common/topology/fixture.js';
import { diffPlans } from './diff.js';
import { paramsOnlyChange } from './params-only.js';
import { planNetwork } from './plan.js';
import { sample } from '../test-samples.js';

describe('paramsOnlyChange', () => {
  it('gives the plan and the diff of planning again when only parameters and positions changed', () => {
    const base = sample('routed');
    const plan = planNetwork(base);
    const edited = structuredClone(base);
    edited.links[3]!.params.rateBps = 1_000_000;
    edited.links[1]!.params.lossPercent = 7;
    edited.nodes[0]!.position = { x: 99, y: 99 };
    const fast = paramsOnlyChange(base, plan, edited);
    const slow = planNetwork(edited, plan);
    expect(fast?.plan).toEqual(slow);
    expect(fast?.diff).toEqual(diffPlans(plan, slow));
    expect(fast?.diff.summary.changed).toEqual([edited.links[1]!.id, edited.links[3]!.id]);
  });

  it('gives the plan and the diff of planning again when links were cut or given per-direction parameters', () => {
    const base = sample('routed');
    base.links[2]!.up = false;
    const plan = planNetwork(base);
    const edited = structuredClone(base);
    edited.links[0]!.up = false;
    edited.links[2]!.up = true;
    edited.links[4]!.directions = { 'a>b': { rateBps: 1_000_000 } };
    const fast = paramsOnlyChange(base, plan, edited);
    const slow = planNetwork(edited, plan);
    expect(fast?.plan).toEqual(slow);
    expect(fast?.diff).toEqual(diffPlans(plan, slow));
    expect(fast?.diff.carrier.map((l) => [l.id, l.up])).toEqual([
      [base.links[0]!.id, false],
      [base.links[2]!.id, true],
    ]);
  });

  it('gives the plan and the diff of planning again when a trunk between switches got parameters or was cut', () => {
    const base = readTopology(hostsOnTwoSwitches());
    const plan = planNetwork(base);
    for (const change of [{ params: { ...base.links[0]!.params, rateBps: 1_000_000 } }, { up: false }]) {
      const edited = structuredClone(base);
      Object.assign(edited.links[0]!, change);
      const fast = paramsOnlyChange(base, plan, edited);
      const slow = planNetwork(edited, plan);
      expect(fast?.plan).toEqual(slow);
      expect(fast?.diff).toEqual(diffPlans(plan, slow));
      expect([...(fast?.diff.linkParams ?? []), ...(fast?.diff.carrier ?? [])].map((l) => l.trunk)).toEqual([
        { a: 's1', b: 's2' },
      ]);
    }
  });

  it('gives the plan and the diff of planning again when programs were attached, replaced or detached', () => {
    const base = sample('routed');
    base.links[1]!.programs = { 'a>b': { file: 'count-proto.bpf.o', section: 'tc' } };
    base.links[2]!.programs = { 'b>a': { file: 'drop-nth.bpf.o', section: 'tc' } };
    const plan = planNetwork(base);
    const edited = structuredClone(base);
    edited.links[0]!.programs = { 'b>a': { file: '/srv/drop-syn80.bpf.o', section: 'tc' } };
    edited.links[1]!.programs = { 'a>b': { file: 'count-proto.bpf.o', section: 'other' } };
    delete edited.links[2]!.programs;
    const fast = paramsOnlyChange(base, plan, edited);
    const slow = planNetwork(edited, plan);
    expect(fast?.plan).toEqual(slow);
    expect(fast?.diff).toEqual(diffPlans(plan, slow));
    expect(fast?.diff.programs.map((l) => [l.id, l.programs])).toEqual([
      [base.links[0]!.id, edited.links[0]!.programs],
      [base.links[1]!.id, edited.links[1]!.programs],
      [base.links[2]!.id, undefined],
    ]);
    expect(fast?.diff.linkParams).toEqual([]);
  });

  it('takes links that are the very same object as unchanged, without comparing them', () => {
    const base = sample('seed');
    const plan = planNetwork(base);
    const links = base.links.map((l, i) => (i === 0 ? { ...l, params: { ...l.params, delayMs: 5 } } : l));
    const fast = paramsOnlyChange(base, plan, { ...base, links });
    expect(fast?.diff.linkParams.map((l) => [l.id, l.directions['a>b'].delayMs])).toEqual([[base.links[0]!.id, 5]]);
    expect(paramsOnlyChange(base, plan, { ...base })?.diff.linkParams).toEqual([]);
  });

  it('declines anything structural', () => {
    const base = sample('seed');
    const plan = planNetwork(base);
    const renamed = structuredClone(base);
    renamed.nodes[0]!.name = 'alpha';
    const readdressed = structuredClone(base);
    readdressed.links[0]!.a.address = '10.0.1.9/24';
    const fewer = { ...base, links: base.links.slice(1) };
    for (const next of [renamed, readdressed, fewer, { ...base, routing: 'none' as const }]) {
      expect(paramsOnlyChange(base, plan, next)).toBeUndefined();
    }
  });

  it('declines a change of what a template makes of a host: its parameters, the template, privateDirs', () => {
    const base = readTopology(
      JSON.parse(readFileSync(new URL('../../samples/extensions/templates.json', import.meta.url), 'utf8')),
    );
    const plan = planNetwork(base);
    const port = structuredClone(base);
    port.nodes[0]!.params = { port: '9090' };
    const template = structuredClone(base);
    template.templates!['web-server']!.files!['/var/www/index.html'] = '{name}';
    const dirs = structuredClone(base);
    dirs.nodes[1]!.privateDirs = ['/srv'];
    for (const next of [port, template, dirs]) expect(paramsOnlyChange(base, plan, next)).toBeUndefined();
    expect(planNetwork(port, plan).hosts.get('web')?.files[0]?.content).toContain('listen 9090;');
    expect(planNetwork(dirs, plan).hosts.get('c1')?.privateDirs).toEqual(['/srv']);
  });

  it("declines a change of a router's routing: its mode, AS number or own configuration", () => {
    const base = sample('ospf-ring');
    const plan = planNetwork(base);
    const edits: ((n: Topology['nodes'][number]) => void)[] = [
      (n) => (n.routing = 'static'),
      (n) => (n.asn = 65010),
      (n) => (n.frr = 'ip route 192.0.2.0/24 blackhole\n'),
      (n) => (n.frrFile = 'r1.conf'),
    ];
    for (const edit of edits) {
      const next = structuredClone(base);
      edit(next.nodes[0]!);
      expect(paramsOnlyChange(base, plan, next)).toBeUndefined();
    }
  });
});
