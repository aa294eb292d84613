import { describe, expect, it } from 'vitest';
import { familyOf } from './family.js';

describe('familyOf', () => {
  it('tells IPv4 from IPv6 texts, with or without a prefix length', () => {
    expect(['10.0.0.1', '10.0.1.2/24', 'fd00::1', 'fd00:0:0:1::2/64', '::', '::ffff:10.0.0.1'].map(familyOf)).toEqual([
      'ipv4',
      'ipv4',
      'ipv6',
      'ipv6',
      'ipv6',
      'ipv6',
    ]);
  });
});
