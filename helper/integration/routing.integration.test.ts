/**
 * Routers running FRR: an OSPF ring converges and routes around a cut, per-router vtysh, a two-AS eBGP
 * network, users' own configurations (inline and in files).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HelperClient } from '../client.js';
import {
  apply,
  BACKEND,
  closeStartedHelpers,
  link,
  node,
  refusal,
  runIn,
  sample,
  startHelper,
  topology,
  waitFor,
} from './harness.js';

afterEach(closeStartedHelpers);

/** A test that starts the ring's 18 daemons: over a minute in the module's emulated (TCG) guests. */
const RING_TIMEOUT_MS = 300_000;

/** Whether one probe from a host reaches an address or name (of the family `-4` or `-6`). */
async function reaches(helper: HelperClient, from: string, to: string, family = '-4'): Promise<boolean> {
  return (await runIn(helper, from, ['ping', family, '-c1', '-w1', to])).code === 0;
}

/** A router's route to a prefix, as the kernel has it. */
async function routeTo(
  helper: HelperClient,
  router: string,
  prefix: string,
): Promise<{ gateway?: string; protocol?: string } | undefined> {
  const run = await runIn(helper, router, ['ip', '-j', 'route', 'show', prefix]);
  return (JSON.parse(run.stdout || '[]') as { gateway?: string; protocol?: string }[])[0];
}

/** The next hop of a router's OSPF route to a prefix ('' when none). */
async function nextHop(helper: HelperClient, router: string, prefix: string): Promise<string> {
  const route = await routeTo(helper, router, prefix);
  return route?.protocol === 'ospf' ? (route.gateway ?? '') : '';
}

/** The subnet of a host's first interface (IPv4). */
function subnetOf(status: { hosts: Record<string, { interfaces: { address?: string }[] }> }, host: string): string {
  return status.hosts[host]!.interfaces[0]!.address!.replace(/\.\d+\/24$/, '.0/24');
}

describe('ospf', () => {
  it(
    'converges on a ring of six, routes around a cut link, and each vtysh talks to its own router',
    async () => {
      const helper = startHelper();
      const ring = sample('ospf-ring');
      const { status } = await apply(helper, ring);
      const addressOn = (node: string, link: string) =>
        status.hosts[node]!.interfaces.find((i) => i.linkId === link)!.address!.split('/')[0]!;
      const h3Subnet = subnetOf(status, 'h3');

      expect(await waitFor(() => reaches(helper, 'h1', 'h3'), 30_000), 'h1 reaches h3 over IPv4').toBe(true);
      expect(await waitFor(() => reaches(helper, 'h1', 'h3', '-6'), 30_000), 'h1 reaches h3 over IPv6').toBe(true);
      const via = (router: string, link: string) => async () =>
        (await nextHop(helper, 'r1', h3Subnet)) === addressOn(router, link);
      // Converged: the short way round, through r2.
      expect(await waitFor(via('r2', 'r1-r2'), 30_000), 'r1 routes to h3 via r2').toBe(true);

      const [r1, r2] = await Promise.all(['r1', 'r2'].map((r) => runIn(helper, r, ['vtysh', '-c', 'show ip ospf'])));
      expect(r1!.stdout).toContain('Router ID: 0.0.0.1');
      expect(r2!.stdout).toContain('Router ID: 0.0.0.2');

      const cut = { ...ring, links: ring.links.map((l) => (l.id === 'r2-r3' ? { ...l, up: false } : l)) };
      await apply(helper, cut);
      expect(await waitFor(via('r6', 'r6-r1'), 30_000), 'r1 routes to h3 via r6 after the cut').toBe(true);
      expect(await waitFor(() => reaches(helper, 'h1', 'h3'), 10_000), 'h1 reaches h3 after the cut').toBe(true);

      // A daemon that dies comes back, its configuration loaded again.
      const ospfd = async () => (await runIn(helper, 'r1', ['cat', '/run/frr/ospfd.pid'])).stdout.trim();
      const killed = await ospfd();
      await runIn(helper, 'r1', ['kill', '-9', killed]);
      const back = async () => {
        const pid = await ospfd();
        const show = await runIn(helper, 'r1', ['vtysh', '-c', 'show ip ospf']);
        return pid !== '' && pid !== killed && show.stdout.includes('Router ID: 0.0.0.1');
      };
      expect(await waitFor(back, 15_000), 'a killed ospfd is back, configured').toBe(true);
    },
    RING_TIMEOUT_MS,
  );
});

describe('a routing change while the network runs', () => {
  it(
    "restarts, stops and starts routers' FRR: the ring goes ospf to static and back",
    async () => {
      const helper = startHelper();
      const ring = sample('ospf-ring');
      const { status } = await apply(helper, ring);
      const h3Subnet = subnetOf(status, 'h3');
      const protocol = async () => (await routeTo(helper, 'r1', h3Subnet))?.protocol;
      expect(await waitFor(async () => (await protocol()) === 'ospf', 30_000), 'r1 learns h3 by OSPF').toBe(true);

      const statically = await apply(helper, { ...ring, routing: 'static' });
      expect(statically.changed).toContain('r1');
      expect(await protocol(), "r1's route to h3 is vnet's").toBe('static');
      const ospfLeft = await runIn(helper, 'r1', ['ip', 'route', 'show', 'proto', 'ospf']);
      expect(ospfLeft.stdout, 'no OSPF route is left behind').toBe('');
      expect(await reaches(helper, 'h1', 'h3'), 'h1 reaches h3 over static routes').toBe(true);

      await apply(helper, ring);
      expect(await waitFor(async () => (await protocol()) === 'ospf', 30_000), 'r1 learns h3 by OSPF again').toBe(true);
      expect(await waitFor(() => reaches(helper, 'h1', 'h3'), 10_000), 'h1 reaches h3 over OSPF again').toBe(true);
    },
    RING_TIMEOUT_MS,
  );
});

describe('bgp', () => {
  it('exchanges both families of routes between two autonomous systems', async () => {
    const helper = startHelper();
    await apply(helper, sample('bgp-two-as'));
    expect(await waitFor(() => reaches(helper, 'h1', 'h2'), 30_000)).toBe(true);
    expect(await waitFor(() => reaches(helper, 'h1', 'h2', '-6'), 30_000)).toBe(true);
    const summary = await runIn(helper, 'r1', ['vtysh', '-c', 'show bgp ipv4 unicast']);
    expect(summary.stdout).toMatch(/65002 \?/);
  });
});

describe("a router's own configuration", () => {
  it('runs inline text and a file beside the document; an unreadable file is refused, nothing built', async () => {
    const helper = startHelper();
    const folder = mkdtempSync(join(tmpdir(), 'vnet-frr-'));
    writeFileSync(join(folder, 'r2.conf'), 'ip route 198.51.100.0/24 blackhole\n');
    const doc = topology({
      nodes: [
        { ...node('r1', 'router'), frr: 'ip route 192.0.2.0/24 blackhole\n' },
        { ...node('r2', 'router'), frrFile: 'missing.conf' },
      ],
      links: [link('r1-r2', 'r1', 'r2')],
    });
    const refused = await refusal(helper.call('network.apply', { topology: doc, backend: BACKEND, directory: folder }));
    expect(refused.message).toBe(`router r2: frrFile: cannot read ${folder}/missing.conf: No such file or directory`);
    expect((await helper.call('network.status', {})).state).toBe('stopped');

    doc.nodes[1] = { ...doc.nodes[1]!, frrFile: 'r2.conf' };
    await helper.call('network.apply', { topology: doc, backend: BACKEND, directory: folder });
    for (const [router, prefix] of [
      ['r1', '192.0.2.0/24'],
      ['r2', '198.51.100.0/24'],
    ] as const) {
      const route = async () => (await runIn(helper, router, ['ip', 'route', 'show', prefix])).stdout;
      expect(await waitFor(async () => (await route()).includes('blackhole'), 15_000), `${router}'s route`).toBe(true);
      const config = await runIn(helper, router, ['vtysh', '-c', 'show running-config']);
      expect(config.stdout).toContain(`ip route ${prefix} blackhole`);
    }

    // Its text edited while it runs: the router runs the new configuration.
    doc.nodes[0] = { ...doc.nodes[0]!, frr: 'ip route 203.0.113.0/24 blackhole\n' };
    await helper.call('network.apply', { topology: doc, backend: BACKEND, directory: folder });
    const edited = async () => (await runIn(helper, 'r1', ['ip', 'route', 'show', '203.0.113.0/24'])).stdout;
    expect(await waitFor(async () => (await edited()).includes('blackhole'), 15_000), 'the new route').toBe(true);
    expect((await runIn(helper, 'r1', ['ip', 'route', 'show', '192.0.2.0/24'])).stdout, 'the old route').toBe('');
  });
});
