import { describe, expect, it } from 'vitest';
import { NEIGHBOUR_QUERIES, parseRoutes } from './live.js';

// As ip 6.1 and FRR 8.4 print them on a router of samples/ospf-ring.json (trimmed).
const IPV4 = JSON.stringify([
  { dst: '10.60.0.0/24', dev: 'eth0', protocol: 'kernel', scope: 'link', prefsrc: '10.60.0.1', flags: [] },
  { dst: '10.60.1.0/24', nhid: 30, gateway: '10.60.0.2', dev: 'eth0', protocol: 'ospf', metric: 20, flags: [] },
  {
    dst: '10.60.9.0/24',
    protocol: 'ospf',
    metric: 20,
    nexthops: [
      { gateway: '10.60.0.2', dev: 'eth0' },
      { gateway: '10.60.5.1', dev: 'eth1' },
    ],
  },
  { dst: '10.60.8.7', gateway: '10.60.0.2', dev: 'eth0', protocol: 'static' },
  { type: 'blackhole', dst: '10.99.0.0/16', protocol: 'static', flags: [] },
]);
const IPV6 = JSON.stringify([
  { dst: 'fd60::/64', dev: 'eth0', protocol: 'kernel', metric: 256, flags: [], pref: 'medium' },
  { dst: 'fd60:0:0:1::/64', gateway: 'fe80::7c10:d9ff:feb1:80db', dev: 'eth0', protocol: 'ospf', metric: 20 },
  { dst: 'fe80::/64', dev: 'eth0', protocol: 'kernel', metric: 256, flags: [], pref: 'medium' },
]);

describe('parseRoutes', () => {
  it('gives a row per next hop of each unicast route, host routes with their length', () => {
    expect(parseRoutes(IPV4, 4)).toEqual([
      { family: 4, destination: '10.60.0.0/24', device: 'eth0', protocol: 'kernel' },
      { family: 4, destination: '10.60.1.0/24', via: '10.60.0.2', device: 'eth0', protocol: 'ospf', metric: 20 },
      { family: 4, destination: '10.60.9.0/24', via: '10.60.0.2', device: 'eth0', protocol: 'ospf', metric: 20 },
      { family: 4, destination: '10.60.9.0/24', via: '10.60.5.1', device: 'eth1', protocol: 'ospf', metric: 20 },
      { family: 4, destination: '10.60.8.7/32', via: '10.60.0.2', device: 'eth0', protocol: 'static' },
    ]);
  });

  it('leaves out the link-local prefix every IPv6 interface has', () => {
    expect(parseRoutes(IPV6, 6).map((r) => `${r.destination} ${r.via ?? '-'} ${r.metric}`)).toEqual([
      'fd60::/64 - 256',
      'fd60:0:0:1::/64 fe80::7c10:d9ff:feb1:80db 20',
    ]);
  });

  it('refuses what is not a table', () => {
    expect(() => parseRoutes('{}', 4)).toThrow('ip printed no route table');
  });
});

describe('neighbours', () => {
  it('reads OSPFv2 neighbours by router id, the interface without its address', () => {
    const json = JSON.stringify({
      neighbors: {
        '0.0.0.2': [{ state: 'Full/DR', converged: 'Full', ifaceName: 'eth0:10.60.0.1' }],
        '0.0.0.6': [{ state: 'Init/DROther', ifaceName: 'eth1:10.60.5.2' }],
      },
    });
    expect(NEIGHBOUR_QUERIES.ospf.parse(json)).toEqual([
      { protocol: 'ospf', neighbour: '0.0.0.2', state: 'Full/DR', interface: 'eth0' },
      { protocol: 'ospf', neighbour: '0.0.0.6', state: 'Init/DROther', interface: 'eth1' },
    ]);
    expect(NEIGHBOUR_QUERIES.ospf.parse('{"neighbors":{}}')).toEqual([]);
  });

  it('reads OSPFv3 neighbours', () => {
    const json = JSON.stringify({
      neighbors: [{ neighborId: '0.0.0.2', state: 'Full', ifState: 'DR', interfaceName: 'eth0' }],
    });
    expect(NEIGHBOUR_QUERIES.ospf6.parse(json)).toEqual([
      { protocol: 'ospf6', neighbour: '0.0.0.2', state: 'Full', interface: 'eth0' },
    ]);
  });

  it('lists a BGP peer of both families once', () => {
    const peer = (state: string) => ({ remoteAs: 65002, state });
    const json = JSON.stringify({
      ipv4Unicast: { peers: { '10.70.1.2': peer('Established'), 'fd70:0:0:1::2': peer('Established') } },
      ipv6Unicast: { peers: { 'fd70:0:0:1::2': peer('Established') } },
    });
    expect(NEIGHBOUR_QUERIES.bgp.parse(json)).toEqual([
      { protocol: 'bgp', neighbour: '10.70.1.2', state: 'Established' },
      { protocol: 'bgp', neighbour: 'fd70:0:0:1::2', state: 'Established' },
    ]);
  });
});
