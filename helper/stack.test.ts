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
      interfaces: [{ name: 'eth0', address: '10.0.0.2/24' }],
      routes: [{ to: '10.1.0.0/16', via: '10.0.0.1' }],
      forward: true,
    });
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
