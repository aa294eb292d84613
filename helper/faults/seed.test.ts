import { describe, expect, it } from 'vitest';
import { hostsOnTwoSwitches } from '../../common/topology/fixture.js';
import { readTopology } from '../../common/topology/index.js';
import { planNetwork } from '../plan/plan.js';
import { directionSeed, interfaceSeeds, trunkEnds } from './seed.js';

describe('link direction seeds', () => {
  it('are a pinned function of seed, link and direction (the same drops on every machine and release)', () => {
    expect(directionSeed(42, 'h1-h2', 'a>b')).toBe(2122570687005824);
  });

  it('differ between seeds, links and the two directions of a link', () => {
    const seeds = [
      directionSeed(42, 'h1-h2', 'a>b'),
      directionSeed(42, 'h1-h2', 'b>a'),
      directionSeed(43, 'h1-h2', 'a>b'),
      directionSeed(42, 'h1-h3', 'a>b'),
      // No ambiguity where fields meet: ("h1", "-h2") is not ("h1-", "h2").
      directionSeed(4, '2h1-h2', 'a>b'),
    ];
    expect(new Set(seeds).size).toBe(seeds.length);
    for (const seed of seeds) {
      expect(Number.isSafeInteger(seed)).toBe(true);
      expect(seed).toBeGreaterThan(0);
    }
  });

  it('go to each interface by the direction it sends, whatever order the interfaces come in', () => {
    const a = { key: 'l1.a', linkId: 'l1' };
    const b = { key: 'l1.b', linkId: 'l1' };
    const seeds = interfaceSeeds(7, [b, a]);
    expect(seeds).toEqual(interfaceSeeds(7, [a, b]));
    expect(seeds.get('l1.a')).toBe(directionSeed(7, 'l1', 'a>b'));
    expect(seeds.get('l1.b')).toBe(directionSeed(7, 'l1', 'b>a'));
  });

  it('go to a trunk by its end on switch a, with the seed of a>b', () => {
    const plan = planNetwork(readTopology(hostsOnTwoSwitches()));
    expect(trunkEnds(plan.links.values())).toEqual([{ key: 's1-s2.a', linkId: 's1-s2' }]);
    expect(interfaceSeeds(7, trunkEnds(plan.links.values())).get('s1-s2.a')).toBe(directionSeed(7, 's1-s2', 'a>b'));
  });
});
