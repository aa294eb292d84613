import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NetworkStatus, ProcessInfo } from '../common/protocol/helper.js';
import { isRunning, namespacesOf, processesIn, waitFor } from '../helper/integration/harness.js';
import { SAMPLES, vnetFor } from './testing.js';

const cli = vnetFor('cli');
const vnet = cli.run;
const { socket, scratch } = cli;

afterAll(() => {
  if (existsSync(socket)) vnet(['down', '--purge']);
});

function seedEdited(): string {
  const seed = JSON.parse(readFileSync(join(SAMPLES, 'seed.json'), 'utf8'));
  seed.nodes.push({ id: 'd', kind: 'host', name: 'd', position: { x: 600, y: 0 } });
  seed.links.push({ id: 'd-lan', a: { node: 'd', address: '10.0.1.4/24' }, b: { node: 'lan' } });
  seed.links[2].params = { rateBps: 10_000_000 };
  const path = join(scratch, 'edited.json');
  writeFileSync(path, JSON.stringify(seed));
  return path;
}

describe('vnet', () => {
  it('answers help, and refuses a wrong command, option or value with its usage and exit 2', () => {
    expect(vnet([])).toMatchObject({ code: 2, stderr: expect.stringMatching(/say a command[^]*link +show or change/) });
    expect(vnet(['help'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^usage: vnet COMMAND/) });
    const help = vnet(['help', 'link']);
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('vnet link LINK flap [--down DURATION]') });
    expect(vnet(['link', '--help']).stdout).toBe(help.stdout);
    expect(vnet(['help', 'frob'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown command "frob"'),
    });
    const bad = vnet(['link', 'l1', 'set', 'delay=50']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^vnet: delay=50: say a unit: 50ms or 0.05s\nusage: vnet link LINK/);
    expect(vnet(['status', '--bogus'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown option --bogus'),
    });
    expect(vnet(['completion', 'bash']).stdout).toContain('complete -F _vnet vnet');
  });

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
    expect(JSON.parse(vnet(['validate', bad, '--json']).stdout).problems).toContainEqual({
      path: 'links[0].a.node',
      message: 'no node "x"',
    });
  });

  it('lists the templates of a document, of the user and shipped, naming a user file that is not one', () => {
    const config = join(scratch, 'config');
    mkdirSync(join(config, 'vnet/templates'), { recursive: true });
    writeFileSync(join(config, 'vnet/templates/mine.json'), JSON.stringify({ icon: 'M', colour: '#aabbcc' }));
    writeFileSync(join(config, 'vnet/templates/broken.json'), JSON.stringify({ icon: 'B' }));
    process.env.XDG_CONFIG_HOME = config;
    const user = vnetFor('templates');
    delete process.env.XDG_CONFIG_HOME;
    const listed = user.run(['templates', join(SAMPLES, 'extensions/templates.json')]);
    expect(listed.stdout).toMatch(/^NAME +FROM +PARAMS +CHECKS +STEPS/);
    expect(listed.stdout).toMatch(/\nclient +document +server \(required\), port=8080, period=1 +1 +1 /);
    expect(listed.stdout).toMatch(/\nweb-server +document +port=8080 +2 +1 +nginx/);
    expect(listed.stdout).toMatch(/\nmine +user +- +0 +0 *\n/);
    expect(listed.stderr).toBe(
      `${config}/vnet/templates/broken.json: not offered: colour: Invalid input: expected string, received undefined\n`,
    );
    const offered = JSON.parse(user.run(['templates', '--json']).stdout) as {
      templates: { name: string; from: string }[];
    };
    expect(offered.templates.map((t) => `${t.name} ${t.from}`)).toEqual([
      'mine user',
      'client shipped',
      'etcd-member shipped',
      'web-server shipped',
    ]);
  });

  it('validates scenarios, in their own file or in a document, naming what is wrong', () => {
    const own = join(scratch, 'scenario.json');
    writeFileSync(own, JSON.stringify({ steps: [{ at: '1', do: 'link down', link: 'a-lan' }] }));
    expect(JSON.parse(vnet(['scenario', 'validate', own, '--json']).stdout)).toEqual({
      valid: false,
      problems: [{ path: 'steps[0].at', message: 'at=1: say a unit: 1ms or 0.001s' }],
    });
    const seed = JSON.parse(readFileSync(join(SAMPLES, 'seed.json'), 'utf8'));
    const inDocument = join(scratch, 'with-scenario.json');
    writeFileSync(
      inDocument,
      JSON.stringify({ ...seed, scenario: { steps: [{ at: '1s', do: 'link down', link: 'x' }] } }),
    );
    expect(vnet(['scenario', 'validate', inDocument])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('steps[0].link: no link "x" in the network'),
    });
    expect(vnet(['validate', inDocument]).code).toBe(0);
  });

  it('refuses bad input to up with a message and builds nothing', () => {
    const broken = join(scratch, 'broken.json');
    writeFileSync(broken, '{ "version": 1, "nodes": [');
    const result = vnet(['up', broken]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not a valid vnet topology/);
    expect(vnet(['up', join(SAMPLES, 'seed.json'), '--backend', 'vmware'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--backend vmware: say kmod or netns/),
    });
    expect(existsSync(socket)).toBe(false);
    expect(vnet(['status']).stderr).toMatch(/no network is up/);
  });

  it('brings a sample up, runs commands in its hosts, and takes it down leaving nothing', async () => {
    const up = vnet(['up', join(SAMPLES, 'seed.json')]);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(lstatSync(socket).mode & 0o777).toBe(0o600); // only its user talks to the helper
    const pid = Number(/vnet-(\d+)-a/.exec(up.stdout)?.[1]);
    expect(namespacesOf(pid)).toHaveLength(4);
    expect(vnet(['up', join(SAMPLES, 'seed.json')]).stderr).toMatch(/already up/);

    expect(vnet(['exec', 'a', '--', 'ping', '-c1', '-W2', 'b'])).toMatchObject({ code: 0 });
    expect(vnet(['exec', 'c', '--', 'sh', '-c', 'exit 5'])).toMatchObject({ code: 5, stderr: '' });
    expect(vnet(['exec', 'a', '--', 'cat'], 'through stdin\n').stdout).toBe('through stdin\n');
    expect(vnet(['exec', 'nowhere', '--', 'true'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no host "nowhere" in the running network (its hosts: a, b, c)'),
    });

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

  it('applies an edited document live: what changed is said, processes started before keep running', () => {
    expect(vnet(['up', join(SAMPLES, 'seed.json')]).code).toBe(0);
    const before = JSON.parse(vnet(['ps', '--json']).stdout) as ProcessInfo[];
    const applied = vnet(['apply', seedEdited()]);
    expect(applied).toMatchObject({ code: 0, stdout: expect.stringMatching(/^added: d, d-lan\nchanged: c-lan\n/) });
    const after = JSON.parse(vnet(['ps', '--json']).stdout) as ProcessInfo[];
    for (const p of before) expect(after).toContainEqual(p);
    expect(isRunning(before[0]?.pid ?? 0)).toBe(true);
    expect(vnet(['exec', 'd', '--', 'ping', '-c1', '-W2', 'a']).code).toBe(0);
    expect(vnet(['apply', seedEdited()]).stdout).toMatch(/^no change\n/);
  });

  it('reports the revision, directory and faults in status --json', () => {
    const status = JSON.parse(vnet(['status', '--json']).stdout) as NetworkStatus;
    expect(status).toMatchObject({ state: 'running', faults: { partitions: [], crashed: [] } });
    expect(status.revision).toBeGreaterThanOrEqual(2);
    expect(Object.keys(status.hosts).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(status.directory).toMatch(/^\//);
    expect(existsSync(status.directory ?? '')).toBe(true);
    const text = vnet(['status']).stdout;
    expect(text).toContain(`revision ${status.revision}\ndirectory ${status.directory}\nno faults in force\n`);
  });

  it("completes the running network's node and link names in bash", () => {
    const script = vnet(['completion', 'bash']).stdout;
    const complete = (line: string) =>
      spawnSync(
        'bash',
        ['-c', 'eval "$(cat)"; COMP_LINE=$1; COMP_POINT=${#1}; _vnet; echo "${COMPREPLY[*]}"', 'bash', line],
        {
          input: script,
          encoding: 'utf8',
        },
      ).stdout.trim();
    const vnetPath = cli.executable();
    expect(complete(`${vnetPath} link `)).toBe('a-lan b-lan c-lan d-lan');
    expect(complete(`${vnetPath} node `)).toBe('a b c d');
    expect(complete(`${vnetPath} exec `)).toBe('a b c d');
  });

  it('takes the network down with --purge, its directory removed', () => {
    const { directory } = JSON.parse(vnet(['status', '--json']).stdout) as NetworkStatus;
    expect(vnet(['down', '--purge'])).toMatchObject({ code: 0, stdout: 'network down, its directory removed\n' });
    expect(existsSync(socket)).toBe(false);
    expect(directory && existsSync(directory)).toBe(false);
  });
});
