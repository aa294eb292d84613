import { describe, expect, it } from 'vitest';
import { hostConfig } from './stack.js';

describe('host stacks', () => {
  const host = {
    id: 'gw',
    name: 'gw',
    kind: 'router' as const,
    forwards: true,
    interfaces: [],
    routes: [{ to: '10.1.0.0/16', via: '10.0.0.1' }],
    processes: [],
    privateDirs: [],
    files: [],
  };
  const iface = {
    key: 'l.a',
    node: 'gw',
    linkId: 'l',
    name: 'eth0',
    mac: '02:00:00:00:00:01',
    address: '10.0.0.2/24',
    segment: 's',
  };

  it('configures a new host from scratch, forwarding on a router', () => {
    expect(hostConfig('ns-gw', host, [iface], true)).toEqual({
      netns: 'ns-gw',
      fresh: true,
      interfaces: [{ name: 'eth0', addresses: ['10.0.0.2/24'] }],
      routes: [{ to: '10.1.0.0/16', via: '10.0.0.1' }],
      forward: true,
    });
  });

  it("gives an IPv6 interface its address and its MAC's link-local address", () => {
    const dual = { ...iface, address6: 'fd00::2/64' };
    expect(hostConfig('ns-gw', host, [dual], true).interfaces).toEqual([
      { name: 'eth0', addresses: ['10.0.0.2/24', 'fd00::2/64', 'fe80::ff:fe00:1/64'] },
    ]);
  });

  it('gives a known host only its new interfaces and all its routes anew', () => {
    expect(hostConfig('ns-gw', host, [], false)).toEqual({
      netns: 'ns-gw',
      fresh: false,
      interfaces: [],
      routes: [{ to: '10.1.0.0/16', via: '10.0.0.1' }],
      forward: false,
    });
  });
});
