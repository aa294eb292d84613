import { describe, expect, it } from 'vitest';
import {
  apply,
  BACKEND,
  shareHelperInFile,
  interfaceIndexes,
  link,
  namespacesOf,
  node,
  runIn,
  sample,
  SEED_NAMESPACES,
  startHelper,
  topology,
} from './harness.js';

shareHelperInFile();

describe('processes', () => {
  it('runs launched programs as the invoking user with a sanitised environment', async () => {
    const helper = startHelper({ SUDO_UID: '65534', SECRET_TOKEN: 'must-not-leak' });
    await apply(helper, sample('seed'));
    const ids = await runIn(helper, 'a', ['sh', '-c', 'id -u; id -g; grep -E "^(Uid|CapEff)" /proc/self/status']);
    const [uid, gid, uidLine, capLine] = ids.stdout.trim().split('\n');
    expect(uid).toBe('65534');
    expect(gid).toBe('65534');
    expect(uidLine!.split(/\s+/).slice(1)).toEqual(['65534', '65534', '65534', '65534']);
    expect(capLine).toMatch(/^CapEff:\s+0+$/);
    const env = await helper.call('process.exec', { host: 'a', argv: ['env'], env: { EXTRA: '1' } });
    expect(env.pid).toBeGreaterThan(0);
    const envRun = await runIn(helper, 'b', ['env']);
    const names = envRun.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('=')[0])
      .sort();
    expect(names.every((n) => ['HOME', 'LANG', 'PATH', 'TERM', 'USER', 'PWD', 'SHLVL', '_'].includes(n!))).toBe(true);
    expect(envRun.stdout).not.toContain('must-not-leak');
  });

  it('passes exit codes and stdin through, and lists running processes', async () => {
    const helper = startHelper();
    await apply(helper, sample('seed'));
    expect((await runIn(helper, 'c', ['sh', '-c', 'exit 3'])).code).toBe(3);
    const { pid } = await helper.call('process.exec', { host: 'c', argv: ['cat'] });
    expect((await helper.call('process.list', { host: 'c' })).map((p) => p.pid)).toContain(pid);
    const output = new Promise<string>((resolve) =>
      helper.on('process.output', (o) => o.pid === pid && resolve(Buffer.from(o.data, 'base64').toString())),
    );
    await helper.call('process.write', { pid, data: Buffer.from('ping\n').toString('base64'), eof: true });
    expect(await output).toBe('ping\n');
  });
});

describe('live apply', () => {
  it('changes one link without touching the others or their processes', async () => {
    const helper = startHelper();
    const base = sample('seed');
    const first = await apply(helper, base);
    const before = new Map(Object.entries(first.status.hosts).map(([id, h]) => [id, interfaceIndexes(h.namespace)]));
    // Only netns has a fabric namespace (the module's ports live in the hosts).
    const fabric = BACKEND === 'netns' ? `vnet-${helper.pid}` : undefined;
    const fabricBefore = fabric && interfaceIndexes(fabric);
    const processesBefore = await helper.call('process.list', {});

    const edited = structuredClone(base);
    edited.links[1]!.params.lossPercent = 10;
    const result = await apply(helper, edited);
    expect({ added: result.added, removed: result.removed, changed: result.changed }).toEqual({
      added: [],
      removed: [],
      changed: ['b-lan'],
    });
    for (const [id, h] of Object.entries(result.status.hosts))
      expect(interfaceIndexes(h.namespace)).toEqual(before.get(id));
    if (fabric) expect(interfaceIndexes(fabric)).toEqual(fabricBefore);
    expect(await helper.call('process.list', {})).toEqual(processesBefore);
    expect(namespacesOf(helper.pid!)).toHaveLength(SEED_NAMESPACES);
  });

  it('adds and removes a host live, leaving the rest as it was', async () => {
    const helper = startHelper();
    const base = sample('seed');
    const first = await apply(helper, base);
    const aBefore = interfaceIndexes(first.status.hosts.a!.namespace);
    const grown = structuredClone(base);
    grown.nodes.push(node('d') as (typeof grown.nodes)[number]);
    grown.links.push({ ...link('d-lan', 'd', 'lan'), params: base.links[0]!.params });
    const added = await apply(helper, grown);
    expect(added.added).toEqual(['d', 'd-lan']);
    expect(added.changed).toEqual([]);
    expect(interfaceIndexes(added.status.hosts.a!.namespace)).toEqual(aBefore);
    expect((await runIn(helper, 'd', ['ping', '-c1', '-W2', 'a'])).code).toBe(0);

    const removed = await apply(helper, base);
    expect(removed.removed).toEqual(['d', 'd-lan']);
    expect(namespacesOf(helper.pid!)).not.toContain(`vnet-${helper.pid}-d`);
  });
});

describe('link emulation support', () => {
  it('drops about the asked share of packets with loss', async () => {
    const helper = startHelper();
    const t = topology({ nodes: [node('x'), node('y')], links: [link('x-y', 'x', 'y', { lossPercent: 30 })] });
    await apply(helper, t);
    // Resolve the neighbour first: a lost ARP exchange stalls every ping for a second, which is not the loss asked.
    const resolve = 'for i in $(seq 30); do ping -c1 -W1 -q y >/dev/null && exit 0; done; exit 1';
    expect((await runIn(helper, 'x', ['sh', '-c', resolve])).code).toBe(0);
    const run = await runIn(helper, 'x', ['ping', '-c', '300', '-i', '0.002', '-W', '1', '-q', 'y']);
    const loss = Number(/([\d.]+)% packet loss/.exec(run.stdout)?.[1]);
    // Both directions drop 30 %: a round trip survives with 0.49; 300 samples keep it well inside 0.35..0.65.
    expect(loss).toBeGreaterThan(35);
    expect(loss).toBeLessThan(65);
  });
});
