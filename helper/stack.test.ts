import { describe, expect, it } from 'vitest';
import { hostLines } from './stack.js';

describe('host stacks', () => {
  it('configures a new host from scratch and rewrites only static routes of a known one', () => {
    const host = {
      id: 'web',
      name: 'web',
      kind: 'host' as const,
      forwards: false,
      interfaces: [],
      routes: [{ to: 'default', via: '10.0.0.1' }],
      processes: [],
    };
    const iface = {
      key: 'l.a',
      node: 'web',
      linkId: 'l',
      name: 'eth0',
      mac: '02:00:00:00:00:01',
      address: '10.0.0.2/24',
      segment: 's',
    };
    expect(hostLines(host, [iface], true)).toEqual([
      'link set lo up',
      'link set eth0 addrgenmode none',
      'addr add 10.0.0.2/24 dev eth0',
      'link set eth0 up',
      'route replace default via 10.0.0.1 proto static',
    ]);
    expect(hostLines(host, [], false)).toEqual([
      'route flush proto static',
      'route replace default via 10.0.0.1 proto static',
    ]);
  });
});
