import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { RPC_ERRORS } from '../../common/protocol/helper.js';
import {
  apply,
  closeStartedHelpers,
  isRunning,
  namespacesOf,
  processesIn,
  runIn,
  sample,
  SEED_NAMESPACES,
  startHelper,
  waitFor,
} from './harness.js';

afterEach(closeStartedHelpers);

describe('teardown', () => {
  it('leaves nothing behind when the helper is killed with SIGKILL', async () => {
    const helper = startHelper();
    await apply(helper, sample('seed'));
    const pid = helper.pid!;
    const namespaces = namespacesOf(pid);
    expect(namespaces).toHaveLength(SEED_NAMESPACES);
    const processes = processesIn(namespaces);
    expect(processes.length).toBeGreaterThanOrEqual(3);
    expect(existsSync(`/etc/netns/vnet-${pid}-a/hosts`)).toBe(true);

    process.kill(pid, 'SIGKILL');
    await helper.exited();
    expect(await waitFor(() => namespacesOf(pid).length === 0)).toBe(true);
    expect(await waitFor(() => !processes.some(isRunning))).toBe(true);
    expect(await waitFor(() => !existsSync(`/etc/netns/vnet-${pid}-a`))).toBe(true);
    expect(await waitFor(() => !existsSync(`/run/vnet/${pid}.json`))).toBe(true);
  });

  it('tears down on SIGTERM and on stdin EOF', async () => {
    for (const end of ['SIGTERM', 'EOF'] as const) {
      const helper = startHelper();
      await apply(helper, sample('seed'));
      const pid = helper.pid!;
      const processes = processesIn(namespacesOf(pid));
      if (end === 'SIGTERM') process.kill(pid, 'SIGTERM');
      else helper.close();
      await helper.exited();
      expect(namespacesOf(pid), end).toEqual([]);
      expect(
        processes.filter((p) => existsSync(`/proc/${p}`)),
        end,
      ).toEqual([]);
    }
  });

  it('removes what a dead helper left behind, and never a live helper’s objects', async () => {
    // A helper whose watchdog is gone too: namespaces stay until the next helper starts.
    const orphan = spawn('sleep', ['1000']);
    const deadPid = orphan.pid!;
    orphan.kill('SIGKILL');
    await new Promise((resolve) => orphan.once('exit', resolve));
    execFileSync('ip', ['netns', 'add', `vnet-${deadPid}-left`]);
    const live = startHelper();
    await apply(live, sample('seed'));
    const helper = startHelper();
    await helper.call('helper.version', {});
    expect(namespacesOf(deadPid)).toEqual([]);
    expect(namespacesOf(live.pid!)).toHaveLength(SEED_NAMESPACES);
  });
});

/** Fifty requests that are wrong in fifty ways. */
function malformedRequests(): string[] {
  const rpc = (id: number, method: string, params?: unknown) => JSON.stringify({ jsonrpc: '2.0', id, method, params });
  const seed = sample('seed');
  const badTopologies: unknown[] = [
    { ...seed, version: 2 },
    { ...seed, version: undefined },
    { ...seed, nodes: 'many' },
    { ...seed, nodes: [...seed.nodes, seed.nodes[0]] },
    { ...seed, links: [...seed.links, { ...seed.links[0], id: 'x' }] },
    { ...seed, links: [{ id: 'l', a: { node: 'a' }, b: { node: 'nowhere' } }] },
    { ...seed, links: [{ id: 'l', a: { node: 'a' }, b: { node: 'a' } }] },
    { ...seed, links: [{ id: 'l', a: { node: 'a', address: '10.0.0.300/24' }, b: { node: 'b' } }] },
    { ...seed, links: [{ id: 'l', a: { node: 'a', address: '10.0.0.0/24' }, b: { node: 'b' } }] },
    { ...seed, links: [{ id: 'l', a: { node: 'a', interface: 'bad/name' }, b: { node: 'b' } }] },
    { ...seed, links: [{ id: 'l', a: { node: 'a', interface: 'waytoolonginterfacename' }, b: { node: 'b' } }] },
    { ...seed, links: [{ id: 'l', a: { node: 'a' }, b: { node: 'b' }, params: { delayMs: -5 } }] },
    { ...seed, links: [{ id: 'l', a: { node: 'a' }, b: { node: 'b' }, params: { lossPercent: 101 } }] },
    { ...seed, links: [{ id: 'l', a: { node: 'a' }, b: { node: 'b' }, params: { rateBps: 1.5 } }] },
    { ...seed, links: [{ id: 'l', a: { node: 'a' }, b: { node: 'b' }, params: { queuePackets: 0 } }] },
    { ...seed, nodes: [{ ...seed.nodes[0], id: '../../etc' }] },
    { ...seed, nodes: [{ ...seed.nodes[0], id: 'A B' }] },
    { ...seed, nodes: [{ ...seed.nodes[0], name: 'not a name' }] },
    { ...seed, nodes: [{ ...seed.nodes[0], kind: 'toaster' }] },
    { ...seed, routing: 'rip' },
    { ...seed, addressPool: { ipv4: 'ten/8' } },
    { ...seed, addressPool: { ipv4: '10.0.0.0/16', subnetPrefix: 31 } },
    { ...seed, surprise: true },
  ];
  const base64 = Buffer.from('x').toString('base64');
  return [
    'not json at all',
    '{"jsonrpc":"2.0","id":1,"method":',
    '[]',
    '42',
    'null',
    '{}',
    JSON.stringify({ jsonrpc: '1.0', id: 2, method: 'helper.version' }),
    JSON.stringify({ jsonrpc: '2.0', id: 3, method: 7 }),
    JSON.stringify({ jsonrpc: '2.0', id: { nested: true }, method: 'helper.version' }),
    rpc(4, 'network.destroyEverything'),
    rpc(5, 'process.exec.now'),
    rpc(6, '__proto__'),
    rpc(7, 'constructor'),
    rpc(8, 'helper.version', { extra: 1 }),
    rpc(9, 'network.apply', {}),
    rpc(10, 'network.apply', { topology: seed, backend: 'vmware' }),
    ...badTopologies.map((t, i) => rpc(100 + i, 'network.apply', { topology: t })),
    rpc(11, 'process.exec', { host: 'nowhere', argv: ['true'] }),
    rpc(12, 'process.exec', { host: 'a', argv: [] }),
    rpc(13, 'process.exec', { host: 'a', argv: 'true' }),
    rpc(14, 'process.exec', { host: 'a', argv: ['true'], pty: { cols: 0, rows: 10 } }),
    rpc(15, 'process.write', { pid: 999999, data: base64 }),
    rpc(16, 'process.write', { pid: 1, data: '***not base64***' }),
    rpc(17, 'process.resize', { pid: -1, cols: 80, rows: 24 }),
    rpc(18, 'process.signal', { pid: 999999, signal: 'SIGKILL' }),
    rpc(19, 'process.signal', { pid: 1, signal: 'SIGSEGV' }),
    rpc(20, 'stats.subscribe', { hz: 1000 }),
    rpc(21, 'process.list', { host: 5 }),
  ];
}

describe('malformed requests', () => {
  it('answers each of 50 with an error that names the problem and leaves the network unchanged', async () => {
    const helper = startHelper();
    await apply(helper, sample('seed'));
    const before = await helper.call('network.status', {});
    const processesBefore = await helper.call('process.list', {});
    const requests = malformedRequests();
    expect(requests).toHaveLength(50);

    const errors: { id: unknown; error: { code: number; message: string } }[] = [];
    helper.on('orphan', (m) => errors.push(m as (typeof errors)[number]));
    for (const line of requests) helper.sendRaw(line);
    expect(await waitFor(() => errors.length === 50, 30_000)).toBe(true);
    expect(errors.filter((e) => !e.error)).toEqual([]);
    for (const e of errors) {
      expect(e.error.code).toBeLessThan(0);
      expect(e.error.message.length).toBeGreaterThan(10);
    }
    const byId = new Map(errors.map((e) => [e.id, e.error]));
    expect(byId.get(4)).toMatchObject({
      code: RPC_ERRORS.methodNotFound,
      message: expect.stringContaining('"network.destroyEverything"'),
    });
    expect(byId.get(11)).toMatchObject({ code: RPC_ERRORS.noSuchHost, message: expect.stringContaining('"nowhere"') });
    expect(byId.get(100)?.message).toContain('version');
    expect(byId.get(103)?.message).toMatch(/duplicate id "a"/);
    expect(byId.get(105)?.message).toMatch(/no node "nowhere"/);
    expect(byId.get(115)?.message).toMatch(/nodes\[0\]\.id/);

    expect(await helper.call('network.status', {})).toEqual(before);
    expect(await helper.call('process.list', {})).toEqual(processesBefore);
    expect((await runIn(helper, 'a', ['ping', '-c1', '-W2', 'b'])).code).toBe(0);
  });
});
