import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isRunning, namespacesOf, processesIn, waitFor } from '../helper/integration/harness.js';

const CLI = fileURLToPath(new URL('./main.ts', import.meta.url));
const SAMPLES = fileURLToPath(new URL('../samples/', import.meta.url));
const socket = `/run/vnet/cli-test-${process.pid}.sock`;
const scratch = mkdtempSync(join(tmpdir(), 'vnet-cli-'));

function vnet(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, VNET_SOCKET: socket },
    input,
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterAll(() => {
  if (existsSync(socket)) vnet(['down']);
});

describe('vnet', () => {
  it('validates a document, naming what is wrong in a bad one', () => {
    expect(vnet(['validate', join(SAMPLES, 'routed.json')])).toMatchObject({ code: 0 });
    const bad = join(scratch, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ version: 1, nodes: [], links: [{ id: 'l', a: { node: 'x' }, b: { node: 'y' } }] }),
    );
    const result = vnet(['validate', bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('links[0].a.node: no node "x"');
  });

  it('refuses bad input to up with a message and builds nothing', () => {
    const broken = join(scratch, 'broken.json');
    writeFileSync(broken, '{ "version": 1, "nodes": [');
    const result = vnet(['up', broken]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not a valid vnet topology/);
    expect(vnet(['up', join(SAMPLES, 'seed.json'), '--backend', 'vmware']).stderr).toMatch(/--backend must be one of/);
    expect(existsSync(socket)).toBe(false);
    expect(vnet(['status']).stderr).toMatch(/no network is up/);
  });

  it('brings a sample up, runs commands in its hosts, and takes it down leaving nothing', async () => {
    const up = vnet(['up', join(SAMPLES, 'seed.json')]);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const pid = Number(/vnet-(\d+)-a/.exec(up.stdout)?.[1]);
    expect(namespacesOf(pid)).toHaveLength(4);
    expect(vnet(['up', join(SAMPLES, 'seed.json')]).stderr).toMatch(/already up/);

    expect(vnet(['exec', 'a', '--', 'ping', '-c1', '-W2', 'b'])).toMatchObject({ code: 0 });
    expect(vnet(['exec', 'c', '--', 'sh', '-c', 'exit 5'])).toMatchObject({ code: 5, stderr: '' });
    expect(vnet(['exec', 'a', '--', 'cat'], 'through stdin\n').stdout).toBe('through stdin\n');
    expect(vnet(['exec', 'nowhere', '--', 'true']).stderr).toMatch(/no host "nowhere"/);

    const serve = 'cd /tmp && python3 -m http.server 8080 >/dev/null 2>&1 & sleep 1';
    expect(vnet(['exec', 'b', '--', 'sh', '-c', serve]).code).toBe(0);
    const page = vnet(['exec', 'a', '--', 'curl', '-s', '--retry', '5', '--retry-connrefused', 'http://b:8080/']);
    expect(page.code).toBe(0);
    expect(page.stdout).toContain('Directory listing');

    expect(vnet(['ps']).stdout).toMatch(/nc -lk 7000/);
    const stats = JSON.parse(vnet(['stats', '--json']).stdout);
    expect(stats.hosts.a.txPackets).toBeGreaterThan(0);
    const processes = processesIn(namespacesOf(pid));
    expect(processes.length).toBeGreaterThanOrEqual(4);

    expect(vnet(['down'])).toMatchObject({ code: 0, stdout: 'network down\n' });
    expect(namespacesOf(pid)).toEqual([]);
    expect(await waitFor(() => !processes.some(isRunning))).toBe(true);
    expect(existsSync(socket)).toBe(false);
  });
});
