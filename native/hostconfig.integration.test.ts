/**
 * configureHosts against `ip`: one host configured by `ip -batch` (the lines
 * vnet ran before the addon did this itself) and one by configureHosts end
 * with the same links, addresses, routes and forwarding, first and on a
 * reroute; a refusal names the namespace and the step; bad fields change nothing.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureHosts, createNamespaces, deleteNamespaces, type HostConfig } from './index.js';
import { TEST_PATH, uniqueName } from './integration-helpers.js';

const [byIp, byAddon] = [uniqueName('cfg-ip'), uniqueName('cfg-nl')];

/**
 * Runs a program in the namespace (nsenter: `ip -n` remounts /sys, slow with many namespaces about),
 * without this process's environment: under the sanitizers it preloads them, which `ip` trips.
 */
function inside(netns: string, argv: string[], input?: string): string {
  const options = { encoding: 'utf8' as const, input, env: { PATH: TEST_PATH } };
  return execFileSync('nsenter', [`--net=/run/netns/${netns}`, ...argv], options);
}

const ip = (netns: string, args: string[], input?: string) => inside(netns, ['ip', ...args], input);

/** What `ip -batch` was given for a host (helper/stack.ts before configureHosts). */
function ipLines(host: HostConfig): string[] {
  const lines = host.fresh ? ['link set lo up'] : [];
  for (const i of host.interfaces) {
    lines.push(`link set ${i.name} addrgenmode none`);
    for (const a of i.addresses) lines.push(`addr add ${a} dev ${i.name}${a.includes(':') ? ' nodad' : ''}`);
    lines.push(`link set ${i.name} up`);
  }
  for (const r of host.routes) lines.push(`route replace ${r.to} via ${r.via} proto static`);
  return lines;
}

function configureByIp(host: HostConfig): void {
  const accept = host.interfaces.map((i) => `net.ipv6.conf.${i.name}.accept_ra=0`);
  if (accept.length) inside(host.netns, ['sysctl', '-qw', ...accept]);
  // `ip route flush` without -6 flushes IPv4 only.
  if (!host.fresh) for (const family of ['-4', '-6']) ip(host.netns, [family, 'route', 'flush', 'proto', 'static']);
  ip(host.netns, ['-batch', '-'], ipLines(host).join('\n') + '\n');
  if (host.forward) inside(host.netns, ['sysctl', '-qw', 'net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1']);
}

/** Links, addresses, routes of every table, and forwarding, without what differs between two namespaces. */
function stackOf(netns: string) {
  const links = JSON.parse(ip(netns, ['-j', '-d', 'link', 'show'])) as Record<string, unknown>[];
  const addresses = JSON.parse(ip(netns, ['-j', 'addr', 'show'])) as { ifname: string; addr_info: unknown[] }[];
  return {
    links: links.map((l) => [l.ifname, l.flags, l.operstate, l.inet6_addr_gen_mode]),
    addresses: addresses.map((a) => [a.ifname, a.addr_info]),
    // As a set: routes of one prefix (IPv6 ff00::/8 of each link) list in the order the kernel made them.
    routes: (JSON.parse(ip(netns, ['-j', 'route', 'show', 'table', 'all'])) as unknown[])
      .map((r) => JSON.stringify(r))
      .sort()
      .map((r) => JSON.parse(r) as Record<string, unknown>),
    forward: inside(netns, ['cat', '/proc/sys/net/ipv4/ip_forward', '/proc/sys/net/ipv6/conf/all/forwarding']),
    acceptRa: ['eth0', 'eth1', 'eth2'].map((i) => inside(netns, ['cat', `/proc/sys/net/ipv6/conf/${i}/accept_ra`])),
  };
}

const first = (netns: string): HostConfig => ({
  netns,
  fresh: true,
  interfaces: [
    { name: 'eth0', addresses: ['10.0.0.2/24', 'fd00:0:0:1::2/64', 'fe80::1/64'] },
    { name: 'eth1', addresses: ['10.9.1.1/30'] },
  ],
  routes: [
    { to: '10.1.0.0/16', via: '10.0.0.1' },
    { to: 'default', via: '10.9.1.2' },
    { to: 'fd00:0:0:7::/64', via: 'fd00:0:0:1::1' },
    { to: 'default', via: 'fd00:0:0:1::1' },
  ],
  forward: true,
});

const rerouted = (netns: string): HostConfig => ({
  netns,
  fresh: false,
  interfaces: [{ name: 'eth2', addresses: ['fd00:0:0:2::5/64'] }],
  routes: [
    { to: '10.3.0.0/16', via: '10.0.0.3' },
    { to: 'default', via: '10.0.0.1' },
    { to: 'fd00:0:0:8::/64', via: 'fd00:0:0:2::1' },
  ],
  forward: false,
});

beforeAll(async () => {
  await createNamespaces([byIp, byAddon]);
  const veths = [0, 1, 2].flatMap((n) => [
    `link add eth${n} address 02:00:00:00:00:0${n} type veth peer name peer${n}`,
    `link set peer${n} addrgenmode none`,
    `link set peer${n} up`,
  ]);
  for (const netns of [byIp, byAddon]) ip(netns, ['-batch', '-'], veths.join('\n') + '\n');
});

afterAll(async () => {
  await deleteNamespaces([byIp, byAddon]);
});

describe('configureHosts', () => {
  it('builds what ip -batch builds, first and on a reroute', async () => {
    configureByIp(first(byIp));
    await configureHosts([first(byAddon)]);
    const built = stackOf(byAddon);
    expect(built.routes).toContainEqual(expect.objectContaining({ dst: '10.1.0.0/16', gateway: '10.0.0.1' }));
    expect(built.routes).toContainEqual(expect.objectContaining({ dst: 'fd00:0:0:7::/64', gateway: 'fd00:0:0:1::1' }));
    expect(built).toEqual(stackOf(byIp));

    configureByIp(rerouted(byIp));
    await configureHosts([rerouted(byAddon)]);
    const again = stackOf(byAddon);
    expect(again.routes).not.toContainEqual(expect.objectContaining({ dst: '10.1.0.0/16' }));
    expect(again.routes).not.toContainEqual(expect.objectContaining({ dst: 'fd00:0:0:7::/64' }));
    expect(again).toEqual(stackOf(byIp));
  });

  it('names the namespace and the step the kernel refused', async () => {
    const taken = {
      ...first(byAddon),
      fresh: false,
      routes: [],
      interfaces: [{ name: 'eth0', addresses: ['10.0.0.2/24'] }],
    };
    const refused = configureHosts([taken]);
    await expect(refused).rejects.toThrow(`namespace "${byAddon}": addr add 10.0.0.2/24 dev eth0`);
    await expect(refused).rejects.toMatchObject({ code: 'EEXIST' });
    const missing = configureHosts([{ ...taken, interfaces: [{ name: 'eth9', addresses: ['10.7.0.1/24'] }] }]);
    await expect(missing).rejects.toThrow(`namespace "${byAddon}": interface eth9`);
  });

  it('refuses a bad field before changing anything', async () => {
    const before = stackOf(byAddon);
    const bad = { ...rerouted(byAddon), routes: [{ to: '10.4.0.0/16', via: '10.0.0.300' }] };
    const attempt = configureHosts([{ ...first(byAddon), fresh: false, routes: [] }, bad]);
    await expect(attempt).rejects.toThrow(
      'configureHosts: hosts[1].routes[0].via "10.0.0.300" is not an IPv4 or IPv6 address',
    );
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    const mixed = { ...rerouted(byAddon), routes: [{ to: '10.4.0.0/16', via: 'fd00:0:0:2::1' }] };
    await expect(configureHosts([mixed])).rejects.toThrow(
      'configureHosts: hosts[0].routes[0]: to "10.4.0.0/16" and via "fd00:0:0:2::1" are not of one family',
    );
    expect(stackOf(byAddon)).toEqual(before);
  });
});

describe('configureHosts of many hosts', () => {
  // More hosts than one procfs instance serves (NETNS_PROC_LOOKUPS, netns.h): each its own forwarding.
  const many = Array.from({ length: 300 }, (_, n) => uniqueName(`cfg-many${n}`));
  afterAll(() => deleteNamespaces(many));

  it("sets each host's forwarding in that host, past one procfs's share of hosts", async () => {
    await createNamespaces(many);
    await configureHosts(
      many.map((netns, n) => ({ netns, fresh: true, interfaces: [], routes: [], forward: n % 2 === 1 })),
    );
    const forwarding = many.map((netns) => inside(netns, ['cat', '/proc/sys/net/ipv4/ip_forward']).trim());
    expect(forwarding).toEqual(many.map((_, n) => String(n % 2)));
  });
});
