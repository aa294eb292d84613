import { describe, expect, it } from 'vitest';
import { readTopology, topologySchema, type Topology, type TopologyInput } from '../../common/topology/index.js';
import { macFor, planNetwork, PlanError } from './plan.js';
import { sample } from '../test-samples.js';

const node = (id: string, kind: 'host' | 'router' | 'switch' | 'hub' = 'host') => ({
  id,
  kind,
  name: id,
  position: { x: 0, y: 0 },
});
const link = (id: string, a: string, b: string, extra: Partial<TopologyInput['links'][number]> = {}) => ({
  id,
  a: { node: a },
  b: { node: b },
  ...extra,
});
const topology = (input: Partial<TopologyInput>): Topology =>
  readTopology({ version: 1, nodes: [], links: [], ...input });
/** Structure only: validation would refuse it first (it plans the addresses too). */
const unvalidated = (input: Partial<TopologyInput>): Topology =>
  topologySchema.parse({ version: 1, nodes: [], links: [], ...input });

describe('planNetwork', () => {
  it('keeps the seed sample explicit addresses and names interfaces eth0', () => {
    const plan = planNetwork(sample('seed'));
    expect([...plan.hosts.keys()]).toEqual(['a', 'b', 'c']);
    expect(plan.hosts.get('b')!.interfaces).toMatchObject([{ name: 'eth0', address: '10.0.1.2/24', segment: 'lan' }]);
    expect(plan.segments.get('lan')).toEqual({
      key: 'lan',
      kind: 'switch',
      switches: ['lan'],
      subnet: '10.0.1.0/24',
      subnet6: 'fd76:6e65:7400::/64',
    });
    expect(plan.hosts.get('a')!.routes).toEqual([]);
  });

  it('writes one hosts file naming every stack node', () => {
    const plan = planNetwork(sample('seed'));
    expect(plan.hostsFile).toContain('10.0.1.2\tb\nfd76:6e65:7400::2\tb\n');
    expect(plan.hostsFile).toMatch(/^127\.0\.0\.1\tlocalhost/);
  });

  it('gives each segment a subnet from the pool and routers the lowest addresses', () => {
    const plan = planNetwork(sample('routed'));
    expect(plan.segments.get('s1')!.subnet).toBe('10.20.0.0/24');
    expect(plan.segments.get('s3')!.subnet).toBe('10.20.1.0/24');
    expect(plan.segments.get('r1-r2')!.subnet).toBe('10.20.2.0/24');
    expect(plan.hosts.get('r1')!.interfaces.find((i) => i.segment === 's1')!.address).toBe('10.20.0.1/24');
    expect(plan.hosts.get('web')!.interfaces[0]!.address).toBe('10.20.0.2/24');
    expect(plan.hosts.get('r1')!.forwards).toBe(true);
    expect(plan.hosts.get('web')!.forwards).toBe(false);
  });

  it('routes across routers: hosts get a default route, routers per-subnet routes', () => {
    const plan = planNetwork(sample('routed'));
    expect(plan.hosts.get('web')!.routes).toEqual([
      { to: 'default', via: '10.20.0.1' },
      { to: 'default', via: 'fd20::1' },
    ]);
    expect(plan.hosts.get('client')!.routes).toEqual([
      { to: 'default', via: '10.20.1.1' },
      { to: 'default', via: 'fd20:0:0:1::1' },
    ]);
    expect(plan.hosts.get('r1')!.routes).toEqual([
      { to: '10.20.1.0/24', via: '10.20.2.2' },
      { to: 'fd20:0:0:1::/64', via: 'fd20:0:0:2::2' },
    ]);
  });

  it('gives an IPv6-only link and an IPv4-only node only their family, and routes each family on its own', () => {
    const plan = planNetwork(
      topology({
        nodes: [node('a'), { ...node('old'), ip: 'ipv4' }, node('r', 'router'), node('b')],
        links: [
          link('a-r', 'a', 'r', { a: { node: 'a', address6: 'fd00:9::a/64' } }),
          link('old-r', 'old', 'r'),
          link('r-b', 'r', 'b', { ip: 'ipv6' }),
        ],
      }),
    );
    const only = (id: string) => plan.hosts.get(id)!.interfaces.map((i) => [i.address, i.address6]);
    expect(only('a')).toEqual([['10.0.0.2/24', 'fd00:9::a/64']]);
    expect(only('old')).toEqual([['10.0.1.2/24', undefined]]);
    expect(only('b')).toEqual([[undefined, 'fd76:6e65:7400:1::2/64']]);
    expect(plan.segments.get('r-b')).toMatchObject({ subnet6: 'fd76:6e65:7400:1::/64' });
    expect(plan.segments.get('r-b')!.subnet).toBeUndefined();
    // The router's end of old's link has both families: its own node and the link have both.
    expect(only('r')[1]).toEqual(['10.0.1.1/24', 'fd76:6e65:7400::1/64']);
    expect(plan.hosts.get('b')!.routes).toEqual([{ to: 'default', via: 'fd76:6e65:7400:1::1' }]);
    expect(plan.hosts.get('old')!.routes).toEqual([{ to: 'default', via: '10.0.1.1' }]);
    expect(plan.hosts.get('a')!.routes).toEqual([
      { to: 'default', via: '10.0.0.1' },
      { to: 'default', via: 'fd00:9::1' },
    ]);
    expect(plan.hostsFile).toContain('fd76:6e65:7400:1::2\tb\n');
    expect(plan.hostsFile).not.toMatch(/:.*\told\n/);
  });

  it('installs no routes with routing none', () => {
    const plan = planNetwork({ ...sample('routed'), routing: 'none' });
    expect([...plan.hosts.values()].every((h) => h.routes.length === 0)).toBe(true);
  });

  it('keeps specific routes for a host with two different next hops', () => {
    const plan = planNetwork(
      topology({
        nodes: [node('h'), node('r1', 'router'), node('r2', 'router'), node('x'), node('y')],
        links: [link('h-r1', 'h', 'r1'), link('h-r2', 'h', 'r2'), link('r1-x', 'r1', 'x'), link('r2-y', 'r2', 'y')],
      }),
    );
    expect(plan.hosts.get('h')!.routes).toEqual([
      { to: '10.0.2.0/24', via: '10.0.0.1' },
      { to: '10.0.3.0/24', via: '10.0.1.1' },
      { to: 'fd76:6e65:7400:2::/64', via: 'fd76:6e65:7400::1' },
      { to: 'fd76:6e65:7400:3::/64', via: 'fd76:6e65:7400:1::1' },
    ]);
  });

  it('never routes through a host with two interfaces', () => {
    const plan = planNetwork(
      topology({ nodes: [node('a'), node('m'), node('b')], links: [link('a-m', 'a', 'm'), link('m-b', 'm', 'b')] }),
    );
    expect(plan.hosts.get('a')!.routes).toEqual([]);
  });

  it('makes a segment with a hub a flooding segment', () => {
    const plan = planNetwork(
      topology({
        nodes: [node('a'), node('b'), node('h', 'hub')],
        links: [link('l1', 'a', 'h'), link('l2', 'b', 'h')],
      }),
    );
    expect(plan.segments.get('h')!.kind).toBe('hub');
  });

  it('plans each switch on its own, its ports on it, and a trunk between two switches', () => {
    const plan = planNetwork(
      topology({
        nodes: [node('a'), node('b'), node('s1', 'switch'), node('s2', 'hub'), node('s3', 'switch')],
        links: [link('a-s1', 'a', 's1'), link('s1-s2', 's1', 's2'), link('s3-s2', 's3', 's2'), link('b-s3', 'b', 's3')],
      }),
    );
    expect([...plan.segments.values()]).toEqual([
      { key: 's1', kind: 'hub', subnet: '10.0.0.0/24', subnet6: 'fd76:6e65:7400::/64', switches: ['s1', 's2', 's3'] },
    ]);
    expect([...plan.switches.values()].map((s) => [s.id, s.kind, s.segment])).toEqual([
      ['s1', 'switch', 's1'],
      ['s2', 'hub', 's1'],
      ['s3', 'switch', 's1'],
    ]);
    expect(plan.hosts.get('b')!.interfaces.map((i) => [i.segment, i.switch])).toEqual([['s1', 's3']]);
    expect(plan.links.get('s3-s2')).toMatchObject({ interfaces: [], trunk: { a: 's3', b: 's2' }, up: true });
    expect(plan.links.get('a-s1')!.trunk).toBeUndefined();
  });

  it('plans a cut trunk', () => {
    const plan = planNetwork(
      topology({
        nodes: [node('s1', 'switch'), node('s2', 'switch')],
        links: [link('s1-s2', 's1', 's2', { up: false })],
      }),
    );
    expect(plan.links.get('s1-s2')).toMatchObject({ up: false, trunk: { a: 's1', b: 's2' } });
  });

  it('names interfaces eth0, eth1 around explicit names', () => {
    const plan = planNetwork(
      topology({
        nodes: [node('r', 'router'), node('a'), node('b'), node('c')],
        links: [
          link('l1', 'r', 'a'),
          link('l2', 'r', 'b', { a: { node: 'r', interface: 'eth0' } }),
          link('l3', 'r', 'c'),
        ],
      }),
    );
    expect(plan.hosts.get('r')!.interfaces.map((i) => [i.linkId, i.name])).toEqual([
      ['l1', 'eth1'],
      ['l2', 'eth0'],
      ['l3', 'eth2'],
    ]);
  });

  it('derives stable locally administered MACs', () => {
    expect(macFor('a', 'eth0')).toBe(macFor('a', 'eth0'));
    expect(macFor('a', 'eth0')).not.toBe(macFor('a', 'eth1'));
    expect(parseInt(macFor('x', 'eth0').slice(0, 2), 16) & 3).toBe(2);
  });

  it('keeps subnets, addresses and names of the previous plan when a link is removed', () => {
    const base = sample('routed');
    const before = planNetwork(base);
    const edited = { ...base, links: base.links.filter((l) => l.id !== 'web-s1') };
    const after = planNetwork(edited, before);
    expect(after.hosts.get('db')!.interfaces).toEqual(before.hosts.get('db')!.interfaces);
    expect(after.segments).toEqual(before.segments);
    const fresh = planNetwork(edited);
    expect(fresh.hosts.get('db')!.interfaces[0]!.address).not.toBe(before.hosts.get('db')!.interfaces[0]!.address);
  });

  it('does not let a new segment take a subnet a running segment holds', () => {
    const base = topology({ nodes: [node('a'), node('b'), node('c')], links: [link('l2', 'b', 'c')] });
    const before = planNetwork(base);
    const grown = topology({
      nodes: [node('a'), node('b'), node('c')],
      links: [link('l1', 'a', 'b'), link('l2', 'b', 'c')],
    });
    const after = planNetwork(grown, before);
    expect(after.segments.get('l2')!.subnet).toBe(before.segments.get('l2')!.subnet);
    expect(after.segments.get('l1')!.subnet).toBe('10.0.1.0/24');
  });

  it('plans the 1,000-host sample into one segment with one address each', () => {
    const plan = planNetwork(sample('campus-1000'));
    expect(plan.hosts.size).toBe(1000);
    const addresses = new Set([...plan.hosts.values()].map((h) => h.interfaces[0]!.address));
    expect(addresses.size).toBe(1000);
  });

  it('says which subnet is full', () => {
    const hosts = Array.from({ length: 4 }, (_, i) => node(`h${i}`));
    const t = unvalidated({
      nodes: [...hosts, node('s', 'switch')],
      links: hosts.map((h) => link(`${h.id}-s`, h.id, 's')),
      addressPool: { ipv4: '10.0.0.0/24', subnetPrefix: 30 },
    });
    expect(() => planNetwork(t)).toThrow(PlanError);
    expect(() => planNetwork(t)).toThrow('subnet 10.0.0.0/30 of segment "s" is full');
  });

  it('says when the pool has no subnet left', () => {
    const t = unvalidated({
      nodes: [node('a'), node('b'), node('c'), node('d')],
      links: [link('l1', 'a', 'b'), link('l2', 'b', 'c'), link('l3', 'c', 'd')],
      addressPool: { ipv4: '10.0.0.0/23', subnetPrefix: 24 },
    });
    expect(() => planNetwork(t)).toThrow('address pool 10.0.0.0/23 has no free /24 left for segment "l3"');
  });
});
