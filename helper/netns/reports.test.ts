import { describe, expect, it } from 'vitest';
import { readTopology } from '../../common/topology/index.js';
import { planNetwork } from '../plan/plan.js';
import { portPrefix, reportsScript } from './reports.js';

const at = (id: string, kind = 'host') => ({ id, kind, name: id, position: { x: 0, y: 0 } });
const cable = (a: string, b: string) => ({ id: `${a}-${b}`, a: { node: a }, b: { node: b }, params: {} });

/** A host and a router on a switch, a host on a hub, two hosts on a cable. */
const plan = planNetwork(
  readTopology({
    version: 1,
    name: 'reports',
    nodes: [at('h'), at('r', 'router'), at('s', 'switch'), at('hh'), at('u', 'hub'), at('p1'), at('p2')],
    links: [cable('h', 's'), cable('r', 's'), cable('hh', 'u'), cable('p1', 'p2')],
  }),
);

const prefixOf = (node: string) => portPrefix(plan.hosts.get(node)!.interfaces[0]!, plan);

describe('membership reports', () => {
  it("are kept off a host's port on a switch only: a router's, a hub's and a cable's ports get them", () => {
    expect(Object.fromEntries(['h', 'r', 'hh', 'p1'].map((n) => [n, prefixOf(n)]))).toEqual({
      h: 'l',
      r: 'p',
      hh: 'p',
      p1: 'p',
    });
  });

  it('are dropped, IGMP and MLD, on ports of that name, by a table made anew', () => {
    const script = reportsScript();
    expect(script.slice(0, 2)).toEqual(['table bridge vnet_switching', 'delete table bridge vnet_switching']);
    expect(script.filter((line) => line.endsWith('oifname "l*" drop'))).toHaveLength(2);
  });
});
