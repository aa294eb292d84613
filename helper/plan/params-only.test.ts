import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTopology, type Topology } from '../../common/topology/index.js';
import { diffPlans } from './diff.js';
import { planWithNewParams } from './params-only.js';
import { planNetwork } from './plan.js';

const sample = (name: string): Topology =>
  readTopology(JSON.parse(readFileSync(new URL(`../../samples/${name}.json`, import.meta.url), 'utf8')));

describe('planWithNewParams', () => {
  it('gives the same diff as planning again when only parameters and positions changed', () => {
    const base = sample('routed');
    const plan = planNetwork(base);
    const edited = structuredClone(base);
    edited.links[3]!.params.rateBps = 1_000_000;
    edited.nodes[0]!.position = { x: 99, y: 99 };
    const fast = planWithNewParams(base, plan, edited);
    expect(fast).toBeDefined();
    expect(diffPlans(plan, fast!)).toEqual(diffPlans(plan, planNetwork(edited, plan)));
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
      expect(planWithNewParams(base, plan, next)).toBeUndefined();
    }
  });
});
