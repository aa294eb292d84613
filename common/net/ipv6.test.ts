import { describe, expect, it } from 'vitest';
import { formatIpv6, ipv6AddressProblem, linkLocalOf, parseCidr6, parseIpv6 } from './ipv6.js';

describe('IPv6 addresses', () => {
  it('reads every spelling and writes the shortest (RFC 5952)', () => {
    for (const [text, shortest] of [
      ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
      ['fd00:0:0:1:0:0:0:0', 'fd00:0:0:1::'],
      ['::', '::'],
      ['::1', '::1'],
      ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
      ['1:0:0:2:0:0:3:4', '1::2:0:0:3:4'],
      ['fd76:6e65:7400:1:0:0:0:2', 'fd76:6e65:7400:1::2'],
      ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
      ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
    ]) {
      const address = parseIpv6(text!);
      expect(address, text).toBeDefined();
      expect(formatIpv6(address!)).toBe(shortest);
    }
  });

  it('refuses what is not an address', () => {
    for (const text of [
      '',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7',
      'g::1',
      '12345::',
      '1:2:3:4:5:6:7::8',
      '10.0.0.1',
    ])
      expect(parseIpv6(text), text).toBeUndefined();
    expect(parseCidr6('fd00::1/129')).toBeUndefined();
    expect(parseCidr6('fd00::1')).toBeUndefined();
    expect(parseCidr6('fd00::1/64')).toEqual({ address: (0xfd00n << 112n) | 1n, length: 64 });
  });

  it('says why an address is no host address', () => {
    expect(ipv6AddressProblem(parseCidr6('fd00::1/64')!)).toBeUndefined();
    expect(ipv6AddressProblem(parseCidr6('fd00::/64')!)).toMatch(/anycast/);
    expect(ipv6AddressProblem(parseCidr6('fd00::/127')!)).toBeUndefined();
    expect(ipv6AddressProblem(parseCidr6('fe80::1/64')!)).toMatch(/link-local/);
    expect(ipv6AddressProblem(parseCidr6('ff02::1/64')!)).toMatch(/multicast/);
    expect(ipv6AddressProblem(parseCidr6('::1/64')!)).toMatch(/loopback/);
  });

  it('derives the link-local address the kernel would from a MAC', () => {
    expect(linkLocalOf('02:00:5e:10:00:01')).toBe('fe80::5eff:fe10:1');
    expect(linkLocalOf('52:54:00:12:34:56')).toBe('fe80::5054:ff:fe12:3456');
  });
});
