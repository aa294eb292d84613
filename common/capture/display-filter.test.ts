import { describe, expect, it } from 'vitest';
import { parseDisplayFilter, type Filterable } from './display-filter.js';

const ping: Filterable = { protocols: ['eth', 'ip', 'icmp'], addresses: ['10.0.0.1', '10.0.0.2'], ports: [] };
const web: Filterable = { protocols: ['eth', 'ip', 'tcp'], addresses: ['10.0.0.1', '10.0.0.3'], ports: [43210, 80] };
const lookup: Filterable = {
  protocols: ['eth', 'ip', 'udp', 'dns'],
  addresses: ['10.0.0.2', '10.0.0.53'],
  ports: [5000, 53],
};
const lost: Filterable = { ...ping, drop: 'loss' };
const all = [ping, web, lookup, lost];

function kept(text: string): Filterable[] {
  const parsed = parseDisplayFilter(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return all.filter(parsed.matches);
}

describe('the display filter', () => {
  it('keeps everything when empty', () => expect(kept('  ')).toEqual(all));

  it('matches protocol names, addresses, ports and drops', () => {
    expect(kept('icmp')).toEqual([ping, lost]);
    expect(kept('DNS')).toEqual([lookup]);
    expect(kept('10.0.0.3')).toEqual([web]);
    expect(kept('host 10.0.0.53')).toEqual([lookup]);
    expect(kept('port 80')).toEqual([web]);
    expect(kept('53')).toEqual([lookup]);
    expect(kept('dropped')).toEqual([lost]);
  });

  it('ands words in a row, ors alternatives, negates with ! or not', () => {
    expect(kept('ip 10.0.0.2')).toEqual([ping, lookup, lost]);
    expect(kept('icmp or port 80')).toEqual([ping, web, lost]);
    expect(kept('icmp !dropped')).toEqual([ping]);
    expect(kept('not icmp')).toEqual([web, lookup]);
    expect(kept('! tcp 10.0.0.1')).toEqual([ping, lost]);
  });

  it('names what it does not understand', () => {
    expect(parseDisplayFilter('http')).toEqual({
      ok: false,
      error: expect.stringContaining('unknown word "http": say a protocol (eth, arp, ip') as string,
    });
    expect(parseDisplayFilter('port x')).toEqual({
      ok: false,
      error: '"port" wants a number from 0 to 65535, not "x"',
    });
    expect(parseDisplayFilter('port 70000')).toMatchObject({ ok: false });
    expect(parseDisplayFilter('host')).toEqual({ ok: false, error: '"host" wants an address, not ""' });
    expect(parseDisplayFilter('tcp or')).toEqual({ ok: false, error: '"or" wants words on both sides' });
    expect(parseDisplayFilter('tcp not')).toEqual({ ok: false, error: '"not" wants a word after it' });
  });
});
