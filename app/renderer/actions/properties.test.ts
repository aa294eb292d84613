import { describe, expect, it } from 'vitest';
import { directionParams, readTopology, type Topology } from '../../../common/topology/index.js';
import { initialState } from '../store/index.js';
import { twoHostsOnSwitch } from '../../../common/topology/fixture.js';
import { editLink, editProperties, editRouter, linkFieldText, renameNode, setNetworkRouting } from './properties.js';

const base = twoHostsOnSwitch;

const errorOf = (r: ReturnType<typeof editLink>) => (r.ok ? undefined : r.error);

describe('editLink', () => {
  it('sets a parameter', () => {
    const r = editLink(base(), 'b-lan', 'delay', '25');
    expect(r.ok && r.topology.links[1]?.params.delayMs).toBe(25);
  });

  it('reads what people type, in units or in the unit the field shows', () => {
    const values = ['10M', '10 Mbit/s', '10000kbit'].map((text) => {
      const r = editLink(base(), 'a-lan', 'rate', text);
      return r.ok && r.topology.links[0]?.params.rateBps;
    });
    expect(values).toEqual([10e6, 10e6, 10e6]);
    const delay = editLink(base(), 'a-lan', 'delay', '0.05s');
    expect(delay.ok && delay.topology.links[0]?.params.delayMs).toBe(50);
    const loss = editLink(base(), 'a-lan', 'loss', '5 %');
    expect(loss.ok && loss.topology.links[0]?.params.lossPercent).toBe(5);
  });

  it('refuses a negative delay and an unknown unit, naming the field', () => {
    expect(errorOf(editLink(base(), 'b-lan', 'delay', '-5'))).toMatch(/^delay=-5: not a duration/);
    expect(errorOf(editLink(base(), 'b-lan', 'rate', '10 parsecs'))).toMatch(
      /^rate=10 parsecs: unknown unit "parsecs"/,
    );
  });

  it('refuses text that is not a number', () => {
    expect(errorOf(editLink(base(), 'b-lan', 'loss', 'lots'))).toBe('loss=lots: not a percent: say 5% or 0.5%');
    expect(errorOf(editLink(base(), 'b-lan', 'loss', '101'))).toBe('loss cannot exceed 100');
    expect(errorOf(editLink(base(), 'b-lan', 'queue', '0'))).toBe('queue length must be at least 1 packet');
  });

  it('accepts a rate with a suffix', () => {
    const r = editLink(base(), 'a-lan', 'rate', '100k');
    expect(r.ok && r.topology.links[0]?.params.rateBps).toBe(100_000);
  });

  it('sets and clears an address', () => {
    const set = editLink(base(), 'b-lan', 'address-a', '10.0.1.2/24');
    expect(set.ok && set.topology.links[1]?.a).toEqual({ node: 'b', address: '10.0.1.2/24' });
    const cleared = editLink(base(), 'a-lan', 'address-a', ' ');
    expect(cleared.ok && cleared.topology.links[0]?.a).toEqual({ node: 'a' });
  });

  it('sets an IPv6 address beside the IPv4 one, and says what is wrong with one', () => {
    const set = editLink(base(), 'b-lan', 'address6-a', 'fd00:0:0:1::b/64');
    expect(set.ok && set.topology.links[1]?.a).toEqual({ node: 'b', address6: 'fd00:0:0:1::b/64' });
    expect(errorOf(editLink(base(), 'b-lan', 'address6-a', 'fe80::b/64'))).toBe(
      'fe80::b/64 is link-local (fe80::/10): every interface has its own already',
    );
  });

  it("sets a router's routing mode, clears it back to the network's, and refuses one that is not", () => {
    const t = {
      ...base(),
      nodes: [...base().nodes, { id: 'r', kind: 'router' as const, name: 'r', position: { x: 0, y: 0 } }],
    };
    const set = editRouter(t, 'r', 'routing', 'ospf');
    expect(set.ok && set.topology.nodes.at(-1)?.routing).toBe('ospf');
    const cleared = editRouter(set.ok ? set.topology : t, 'r', 'routing', ' ');
    expect(cleared.ok && 'routing' in cleared.topology.nodes.at(-1)!).toBe(false);
    expect(errorOf(editRouter(t, 'r', 'routing', 'rip'))).toMatch(/"ospf"/);
  });

  it("sets a router's AS number and own FRR configuration, and clears them", () => {
    const t = {
      ...base(),
      nodes: [...base().nodes, { id: 'r', kind: 'router' as const, name: 'r', position: { x: 0, y: 0 } }],
    };
    const asn = editRouter(t, 'r', 'asn', ' 65010 ');
    expect(asn.ok && asn.topology.nodes.at(-1)?.asn).toBe(65010);
    expect(errorOf(editRouter(t, 'r', 'asn', '65k'))).toBe('must be a whole number');
    expect(errorOf(editRouter(t, 'r', 'asn', '0'))).toMatch(/>=1|at least|too small/i);
    const frr = editRouter(t, 'r', 'frr', 'router ospf\n ospf router-id 1.1.1.1\n');
    expect(frr.ok && frr.topology.nodes.at(-1)?.frr).toBe('router ospf\n ospf router-id 1.1.1.1\n');
    const cleared = editRouter(frr.ok ? frr.topology : t, 'r', 'frr', '\n ');
    expect(cleared.ok && 'frr' in cleared.topology.nodes.at(-1)!).toBe(false);
  });

  it("sets the network's routing mode and refuses one that is not", () => {
    const set = setNetworkRouting(base(), 'bgp');
    expect(set.ok && set.topology.routing).toBe('bgp');
    expect(errorOf(setNetworkRouting(base(), 'rip'))).toMatch(/"ospf"/);
  });

  it('refuses a bad CIDR and a duplicate address', () => {
    expect(errorOf(editLink(base(), 'b-lan', 'address-a', '10.0.1/24'))).toBe(
      '"10.0.1/24" is not an IPv4 address with prefix, like 10.0.1.2/24',
    );
    expect(errorOf(editLink(base(), 'b-lan', 'address-a', '10.0.1.1/24'))).toBe(
      'address 10.0.1.1/24 is already used by link a-lan, end a',
    );
  });

  it('names the clash when the other field is the one reported', () => {
    const t = base();
    t.links[1]!.a.address = '10.0.1.2/24';
    expect(errorOf(editLink(t, 'a-lan', 'address-a', '10.0.1.2/24'))).toBe(
      'address 10.0.1.2/24 is already used by link b-lan, end a',
    );
  });

  it('refuses an address on a switch end', () => {
    expect(errorOf(editLink(base(), 'b-lan', 'address-b', '10.0.1.9/24'))).toBe(
      'a switch takes no address (it is a layer-2 segment)',
    );
  });
});

describe('renameNode', () => {
  it('renames, and refuses a bad or duplicate name', () => {
    const r = renameNode(base(), 'a', 'web');
    expect(r.ok && r.topology.nodes[0]?.name).toBe('web');
    expect(renameNode(base(), 'a', 'Web_1')).toEqual({
      ok: false,
      error: 'must be a DNS label: lowercase letters, digits and "-", starting with a letter',
    });
    expect(renameNode(base(), 'a', 'b')).toEqual({
      ok: false,
      error: 'duplicate name "b" (also node b)',
    });
  });
});

describe('per-direction parameters', () => {
  const linkOf = (r: ReturnType<typeof editLink>) => (r.ok ? r.topology.links[1] : undefined);

  it("sets one direction apart, leaving the other at the link's value", () => {
    const link = linkOf(editLink(base(), 'b-lan', 'delay', '30', 'a>b'));
    expect(link?.params.delayMs).toBe(0);
    expect(link?.directions).toEqual({ 'a>b': { delayMs: 30 } });
    expect(link && directionParams(link, 'b>a').delayMs).toBe(0);
  });

  it("drops an override that comes back to the link's value, and `directions` with it", () => {
    const apart = editLink(base(), 'b-lan', 'rate', '10M', 'b>a');
    const back = apart.ok ? editLink(apart.topology, 'b-lan', 'rate', '0', 'b>a') : apart;
    expect(linkOf(back)).not.toHaveProperty('directions');
  });

  it('sets both directions at once, overriding neither any more', () => {
    const apart = editLink(base(), 'b-lan', 'loss', '5', 'a>b');
    const both = apart.ok ? editLink(apart.topology, 'b-lan', 'loss', '2', 'both') : apart;
    const link = linkOf(both);
    expect(link?.params.lossPercent).toBe(2);
    expect(link).not.toHaveProperty('directions');
  });

  it("shows each direction's value, and none for both when they differ", () => {
    const link = linkOf(editLink(base(), 'b-lan', 'delay', '30', 'a>b'));
    if (!link) throw new Error('edit refused');
    expect(linkFieldText(link, 'delay', 'a>b')).toBe('30 ms');
    expect(linkFieldText(link, 'delay', 'b>a')).toBe('0');
    expect(linkFieldText(link, 'delay', 'both')).toBe('');
    expect(linkFieldText(link, 'queue', 'both')).toBe('1000');
  });

  it('keeps the link’s other values in the overridden direction once the document is read back', () => {
    const delayed = editLink(base(), 'b-lan', 'delay', '40');
    const apart = delayed.ok ? editLink(delayed.topology, 'b-lan', 'loss', '5', 'a>b') : delayed;
    if (!apart.ok) throw new Error('edit refused');
    const link = readTopology(JSON.parse(JSON.stringify(apart.topology))).links[1];
    expect(link && directionParams(link, 'a>b')).toMatchObject({ delayMs: 40, lossPercent: 5 });
  });

  it("refuses a bad value for one direction with the schema's message", () => {
    expect(errorOf(editLink(base(), 'b-lan', 'loss', '150', 'b>a'))).toBe('loss cannot exceed 100');
  });
});

describe('editProperties', () => {
  const state = () => ({ ...initialState(), topology: base() });
  const edit = (t: Topology) => editLink(t, 'b-lan', 'delay', '25');

  it('commits the document checked as typed, as one undo step', () => {
    const s = state();
    const checked = edit(s.topology);
    const patch = editProperties.perform(s, { edit, checked });
    expect(patch?.topology).toBe(checked.ok && checked.topology);
    expect(patch?.past).toEqual([s.topology]);
  });

  it('makes the edit again on a document that changed meanwhile, losing neither change', () => {
    const s = state();
    const checked = edit(s.topology);
    const renamed = renameNode(s.topology, 'a', 'web');
    if (!renamed.ok) throw new Error('rename refused');
    const patch = editProperties.perform({ ...s, topology: renamed.topology }, { edit, checked });
    expect(patch?.topology?.nodes[0]?.name).toBe('web');
    expect(patch?.topology?.links[1]?.params.delayMs).toBe(25);
  });
});
