import { describe, expect, it } from 'vitest';
import { readTopology, type Topology } from '../../../common/topology/index.js';
import { editLink, parseNumber, renameNode } from './properties.js';

const base = (): Topology =>
  readTopology({
    version: 1,
    nodes: [
      { id: 'a', kind: 'host', name: 'a', position: { x: 0, y: 0 } },
      { id: 'b', kind: 'host', name: 'b', position: { x: 0, y: 0 } },
      { id: 'lan', kind: 'switch', name: 'lan', position: { x: 0, y: 0 } },
    ],
    links: [
      { id: 'a-lan', a: { node: 'a', address: '10.0.1.1/24' }, b: { node: 'lan' } },
      { id: 'b-lan', a: { node: 'b' }, b: { node: 'lan' } },
    ],
  });

const errorOf = (r: ReturnType<typeof editLink>) => (r.ok ? undefined : r.error);

describe('parseNumber', () => {
  it('reads plain numbers and, for rates, k/M/G suffixes', () => {
    expect(parseNumber(' 12.5 ', false)).toBe(12.5);
    expect(parseNumber('10M', true)).toBe(10e6);
    expect(parseNumber('10M', false)).toBeNaN();
    expect(parseNumber('', false)).toBeNaN();
    expect(parseNumber('abc', false)).toBeNaN();
  });
});

describe('editLink', () => {
  it('sets a parameter', () => {
    const r = editLink(base(), 'b-lan', 'delay', '25');
    expect(r.ok && r.topology.links[1]?.params.delayMs).toBe(25);
  });

  it('refuses a negative delay with the schema message', () => {
    expect(errorOf(editLink(base(), 'b-lan', 'delay', '-5'))).toBe('delay cannot be negative');
  });

  it('refuses text that is not a number', () => {
    expect(errorOf(editLink(base(), 'b-lan', 'loss', 'lots'))).toBe('loss must be a number');
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
