/** Dual stack on a real network: IPv6 all pairs across routers, names of both families, one-family ends, static IPv6. */
import { afterEach, describe, expect, it } from 'vitest';
import { apply, closeStartedHelpers, link, node, runIn, sample, startHelper, topology } from './harness.js';
import type { HelperClient } from '../client.js';

afterEach(closeStartedHelpers);

/** The hosts of `targets` that `from` cannot ping (a probe a second for up to two seconds each). */
async function unreachable(helper: HelperClient, from: string, targets: string[], family: '-4' | '-6') {
  const script = `for a in ${targets.join(' ')}; do ping ${family} -c1 -w2 -q $a >/dev/null || echo "$a"; done`;
  const run = await runIn(helper, from, ['sh', '-c', script]);
  return run.stdout.trim();
}

describe('dual stack', () => {
  it('lets every node of the routed sample reach every other over IPv6, and names resolve to both families', async () => {
    const helper = startHelper();
    const result = await apply(helper, sample('routed'));
    const addresses = Object.entries(result.status.hosts).flatMap(([id, h]) =>
      h.interfaces.map((i) => ({ id, v4: i.address, v6: i.address6 })),
    );
    expect(addresses.every((a) => a.v4 && a.v6)).toBe(true);
    for (const from of ['web', 'db', 'client', 'admin', 'r1', 'r2']) {
      const targets = addresses.filter((a) => a.id !== from).map((a) => a.v6!.split('/')[0]!);
      expect(await unreachable(helper, from, targets, '-6'), `from ${from}`).toBe('');
    }
    const admin = addresses.find((a) => a.id === 'admin')!;
    const byName = await runIn(helper, 'web', ['ping', '-6', '-c1', '-w2', 'admin']);
    expect(byName.code).toBe(0);
    expect(byName.stdout).toContain(admin.v6!.split('/')[0]);
    const v4ByName = await runIn(helper, 'web', ['ping', '-4', '-c1', '-w2', 'admin']);
    expect(v4ByName.stdout).toContain(`(${admin.v4!.split('/')[0]})`);
  });

  it('gives an IPv6-only link and an IPv4-only host one family, and a static IPv6 address as written', async () => {
    const helper = startHelper();
    const t = topology({
      nodes: [node('a'), node('r', 'router'), node('b'), { ...node('old'), ip: 'ipv4' }],
      links: [
        { ...link('a-r', 'a', 'r'), a: { node: 'a', address6: 'fd00:5::a/64' } },
        { ...link('r-b', 'r', 'b'), ip: 'ipv6' },
        link('old-r', 'old', 'r'),
      ],
    });
    const { status } = await apply(helper, t);
    expect(status.hosts.a!.interfaces[0]!.address6).toBe('fd00:5::a/64');
    expect(status.hosts.b!.interfaces[0]!.address).toBeUndefined();
    expect(status.hosts.old!.interfaces[0]!.address6).toBeUndefined();

    expect(await unreachable(helper, 'b', ['fd00:5::a', 'a'], '-6')).toBe('');
    expect(await unreachable(helper, 'a', ['b'], '-6')).toBe('');
    expect(await unreachable(helper, 'old', ['a'], '-4')).toBe('');
    const b4 = await runIn(helper, 'b', ['ip', '-4', '-o', 'addr', 'show', 'scope', 'global']);
    expect(b4.stdout).toBe('');
    const old6 = await runIn(helper, 'old', ['ip', '-6', '-o', 'addr', 'show', 'scope', 'global']);
    expect(old6.stdout).toBe('');
  });
});
