/**
 * Node templates, natively: the shipped ones started from samples/extensions/templates.json, their
 * files generated per host in the hosts' private directories before their processes start (and a
 * process started from a file a change rewrites started again), and a link planted at a file's path
 * refused without writing through it.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { TopologyInput } from '../../common/topology/index.js';
import { directoryName } from '../hostdirs/directory.js';
import { apply, closeStartedHelpers, namespacesOf, runIn, startHelper, topology, waitFor } from './harness.js';

afterEach(closeStartedHelpers);

const ROOT_STATE = '/root/.local/state/vnet';
const OUTSIDE = `/var/tmp/vnet-test-${process.pid}-templates-outside`;
const SAMPLE = JSON.parse(
  readFileSync(new URL('../../samples/extensions/templates.json', import.meta.url), 'utf8'),
) as TopologyInput;

afterAll(() => rmSync(OUTSIDE, { recursive: true, force: true }));

/** The sample under a name of the test's, without its etcd members when `etcd` is false. */
function sample(label: string, etcd = true, web: Record<string, string> = {}) {
  const keep = (id: string) => etcd || !id.startsWith('e');
  return topology({
    ...SAMPLE,
    name: `templates ${process.pid} ${label}`,
    nodes: SAMPLE.nodes.filter((n) => keep(n.id)).map((n) => (n.id === 'web' ? { ...n, params: web } : n)),
    links: SAMPLE.links.filter((l) => keep(l.a.node)),
  });
}

const directoryOf = (label: string) => join(ROOT_STATE, directoryName(`templates ${process.pid} ${label}`));

describe('the shipped templates', () => {
  it('serve a page naming the server to the client, with each host’s files in its private directories', async () => {
    const helper = startHelper();
    const { status } = await apply(helper, sample('shipped'));
    const directory = status.directory!;
    const page = await runIn(helper, 'c1', ['curl', '-s', '--retry', '20', '--retry-connrefused', 'http://web:8080/']);
    expect(page).toMatchObject({ code: 0, stdout: expect.stringContaining('<h1>Served by web</h1>') });
    expect(await waitFor(() => readFileSync(join(directory, 'c1/var/log/client.log'), 'utf8').includes('web'))).toBe(
      true,
    );
    expect(readFileSync(join(directory, 'web/etc/nginx/vnet.conf'), 'utf8')).toContain('    listen 8080;\n');
    const address = (id: string) => status.hosts[id]!.interfaces[0]!.address!.split('/')[0];
    const members = ['e1', 'e2', 'e3'].map((e) => `${e}=http://${address(e)}:2380`).join(',');
    const etcd = readFileSync(join(directory, 'e2/var/lib/etcd/vnet.yml'), 'utf8');
    expect(etcd).toContain(`initial-cluster: ${members}\n`);
    expect(etcd).toContain(`listen-peer-urls: http://${address('e2')}:2380\n`);
    // The members found each other from the generated list: the cluster takes a write.
    const endpoints = ['e1', 'e2', 'e3'].map((e) => `http://${address(e)}:2379`).join(',');
    const put = () => runIn(helper, 'c1', ['etcdctl', '--endpoints', endpoints, 'put', 'template', 'ok']);
    expect(await waitFor(async () => (await put()).code === 0)).toBe(true);
    // The machine's own directories are not touched: the hosts see their private copies.
    expect(existsSync('/etc/nginx/vnet.conf')).toBe(false);

    // A change of parameter rewrites the file, and nginx, started from it, is started again to read it.
    const nginx = async () => (await helper.call('process.list', { host: 'web' })).filter((p) => p.argv[0] === 'nginx');
    const [before] = await nginx();
    const e1 = () => helper.call('process.list', { host: 'e1' });
    const e1Before = await e1();
    // Only files changed: the answer names the host whose files were written again.
    expect((await apply(helper, sample('shipped', true, { port: '9090' }))).changed).toEqual(['web']);
    expect(readFileSync(join(directory, 'web/etc/nginx/vnet.conf'), 'utf8')).toContain('    listen 9090;\n');
    const moved = await runIn(helper, 'c1', ['curl', '-sS', '--retry', '20', '--retry-all-errors', 'http://web:9090/']);
    expect(moved).toMatchObject({ code: 0, stdout: expect.stringContaining('<h1>Served by web</h1>') });
    expect(before).toBeDefined();
    expect((await nginx()).map((p) => p.pid)).not.toContain(before?.pid);
    // An etcd member, whose file did not change, runs on.
    expect(await e1()).toEqual(e1Before);
    await helper.call('network.stop', { purge: true });
  });

  it('refuses a link planted at a template file’s path, writing nothing through it', async () => {
    const label = 'planted';
    const target = join(OUTSIDE, 'target');
    mkdirSync(OUTSIDE, { recursive: true });
    writeFileSync(target, 'keep');
    mkdirSync(join(directoryOf(label), 'web/var/www'), { recursive: true });
    symlinkSync(target, join(directoryOf(label), 'web/var/www/index.html'));
    try {
      const helper = startHelper();
      const refused = await apply(helper, sample(label, false)).catch((error: Error) => error.message);
      expect(refused).toContain(
        `${directoryOf(label)}/web/var/www/index.html is or passes through a symbolic link, which is never followed here`,
      );
      expect(readFileSync(target, 'utf8')).toBe('keep');
      expect(namespacesOf(helper.pid!)).toEqual([]);
      expect((await helper.call('network.status', {})).state).toBe('failed');
    } finally {
      rmSync(directoryOf(label), { recursive: true });
    }
  });
});
