/**
 * The fault commands against a running sample (hosts a, b, c on switch lan),
 * their effect measured by ping between hosts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkStatus, ProcessInfo } from '../common/protocol/helper.js';
import { waitFor } from '../helper/integration/harness.js';
import { SAMPLES, vnetFor } from './testing.js';

const cli = vnetFor('faults');
const vnet = cli.run;

/** Whether `from` gets an answer from `to` (three tries, so a first ARP exchange lost does not count). */
function reaches(from: string, to: string): boolean {
  return vnet(['exec', from, '--', 'ping', '-c', '3', '-i', '0.2', '-W', '1', to]).code === 0;
}

function status(): NetworkStatus {
  return JSON.parse(vnet(['status', '--json']).stdout) as NetworkStatus;
}

function linkView(id: string) {
  return JSON.parse(vnet(['link', id, '--json']).stdout);
}

function scenarioFile(name: string, steps: unknown[]): string {
  const path = join(cli.scratch, `${name}.json`);
  writeFileSync(path, JSON.stringify({ seed: 42, steps }));
  return path;
}

function events(log: string): { event: string; [key: string]: unknown }[] {
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

beforeAll(() => {
  expect(vnet(['up', join(SAMPLES, 'seed.json')]).code).toBe(0);
  expect(reaches('a', 'b')).toBe(true);
});

afterAll(() => {
  vnet(['down', '--purge']);
});

describe('vnet fault commands', () => {
  it('refuses an unknown link or node by name, changing nothing', () => {
    const { revision } = status();
    expect(vnet(['link', 'nope', 'down'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('vnet: no link "nope" in the running network (its links: a-lan, b-lan, c-lan)'),
    });
    expect(vnet(['node', 'lan', 'crash'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('"lan" is a switch, not a host or router'),
    });
    expect(vnet(['partition', 'a', '/', 'zz']).stderr).toContain('no node "zz" in the running network');
    expect(vnet(['link', 'a-lan', 'set', 'loss=150%']).stderr).toContain('loss=150%: loss cannot exceed 100');
    expect(status()).toMatchObject({ revision, faults: { partitions: [], crashed: [] } });
    expect(reaches('a', 'b')).toBe(true);
  });

  it('sets link parameters in both directions or one, shown per direction', () => {
    const set = vnet(['link', 'a-lan', 'set', 'loss=100%', 'rate=10Mbit']);
    expect(set).toMatchObject({ code: 0, stdout: expect.stringMatching(/^link a-lan: a - lan, up\n/) });
    expect(set.stdout).toMatch(/a>b +0 +0 +100% +0% +10Mbit +1000/);
    expect(reaches('a', 'b')).toBe(false);
    expect(vnet(['link', 'a-lan', 'set', 'loss=0%']).code).toBe(0);
    expect(reaches('a', 'b')).toBe(true);

    // b>a carries what lan sends to a: the replies.
    expect(vnet(['link', 'a-lan', 'set', 'loss=100%', '--dir', 'b>a']).code).toBe(0);
    expect(linkView('a-lan').directions).toMatchObject({ 'a>b': { lossPercent: 0 }, 'b>a': { lossPercent: 100 } });
    expect(reaches('a', 'b')).toBe(false);
    expect(vnet(['link', 'a-lan', 'set', 'loss=0%', 'rate=0']).code).toBe(0);
    expect(linkView('a-lan').directions['b>a']).toMatchObject({ lossPercent: 0, rateBps: 0 });
    expect(reaches('a', 'b')).toBe(true);
  });

  it('cuts a link and connects it again', async () => {
    expect(vnet(['link', 'a-lan', 'down']).stdout).toMatch(/^link a-lan: a - lan, down \(cable cut\)/);
    expect(linkView('a-lan').up).toBe(false);
    expect(reaches('a', 'b')).toBe(false);
    expect(reaches('b', 'c')).toBe(true);
    expect(vnet(['link', 'a-lan', 'up']).code).toBe(0);
    expect(linkView('a-lan').up).toBe(true);
    // Probed until answered: under CI's load three pings right after the carrier came back went unanswered.
    expect(await waitFor(() => reaches('a', 'b'))).toBe(true);
  });

  it('flaps a link, printing each change, and leaves it up when interrupted', async () => {
    let cutWhileDown: boolean | undefined;
    // Down long enough for the check to end inside it: a `vnet exec` and three pings took past 4 s on a loaded machine.
    const flap = cli.start(['link', 'a-lan', 'flap', '--down', '15s', '--up', '1s', '--count', '1'], (line) => {
      if (/link a-lan down$/.test(line)) cutWhileDown = !reaches('a', 'b');
    });
    const { code, stdout } = await flap.done;
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d{3}s {2}link a-lan down\n\d+\.\d{3}s {2}link a-lan up\n$/);
    expect(cutWhileDown).toBe(true);
    expect(reaches('a', 'b')).toBe(true);

    const endless = cli.start(['link', 'a-lan', 'flap', '--down', '60s', '--json'], (line) => {
      if (JSON.parse(line).up === false) endless.signal('SIGINT');
    });
    const interrupted = await endless.done;
    expect(interrupted.code).toBe(130);
    expect(
      interrupted.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).up),
    ).toEqual([false, true]);
    expect(linkView('a-lan').up).toBe(true);
  });

  it('partitions two groups of hosts and heals them', () => {
    const partitioned = vnet(['partition', 'a', '/', 'b', '--json']);
    expect(partitioned.code).toBe(0);
    expect(JSON.parse(partitioned.stdout).partitions.length).toBeGreaterThan(0);
    expect(reaches('a', 'b')).toBe(false);
    expect(reaches('b', 'a')).toBe(false);
    expect(reaches('a', 'c')).toBe(true);
    expect(status().faults.partitions.length).toBeGreaterThan(0);
    expect(vnet(['heal'])).toMatchObject({ code: 0, stdout: 'no faults in force\n' });
    expect(reaches('a', 'b')).toBe(true);
  });

  it('crashes a host and restarts it', () => {
    expect(vnet(['node', 'b', 'crash'])).toMatchObject({ code: 0, stdout: 'crashed: b\n' });
    expect(reaches('a', 'b')).toBe(false);
    const during = JSON.parse(vnet(['ps', '--json']).stdout) as ProcessInfo[];
    expect(during.filter((p) => p.host === 'b')).toEqual([]);
    expect(status().faults.crashed).toEqual(['b']);
    expect(vnet(['node', 'b', 'restart'])).toMatchObject({ code: 0, stdout: 'no faults in force\n' });
    expect(reaches('a', 'b')).toBe(true);
    const after = JSON.parse(vnet(['ps', '--json']).stdout) as ProcessInfo[];
    expect(after.filter((p) => p.host === 'b').map((p) => p.argv.join(' '))).toEqual(['nc -lk 7000']);
  });

  it('runs a scenario, logs every step, and fails when an expectation is not met', () => {
    const ping = ['ping', '-c', '3', '-i', '0.2', '-W', '1', 'b'];
    // The pings take under 2 s; the link comes back 8 s in: under CI's load a command started seconds late.
    const restored = 8;
    const failing = scenarioFile('failing', [
      { at: '0', do: 'link down', link: 'a-lan' },
      { at: '300ms', do: 'exec', host: 'a', argv: ping, expect: { exit: 0 } },
      { at: `${restored}s`, do: 'link up', link: 'a-lan' },
    ]);
    expect(vnet(['scenario', 'validate', failing])).toMatchObject({ code: 0 });
    const log = join(cli.scratch, 'failing.jsonl');
    const run = vnet(['scenario', 'run', failing, '--log', log]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\[1\] exec a -- ping .* FAILED: exit 1, expected 0/);
    const logged = events(log);
    expect(logged.map((e) => e.event)).toEqual(['start', 'step', 'step', 'step', 'end']);
    expect(logged[0]).toMatchObject({ seed: 42, steps: 3 });
    expect(logged.find((e) => e.do === 'exec')).toMatchObject({ at: 300, exit: 1, ok: false });
    expect(logged.at(-1)).toMatchObject({ event: 'end', passed: false, failed: 1 });
    expect(reaches('a', 'b')).toBe(true);

    const passing = scenarioFile('passing', [
      { at: '0', do: 'link set', link: 'a-lan', params: { loss: '100%' } },
      { at: '200ms', do: 'exec', host: 'a', argv: ping, expect: { exit: 1 } },
      { at: `${restored}s`, do: 'link set', link: 'a-lan', params: { loss: '0%' } },
      {
        at: `${restored + 0.2}s`,
        do: 'exec',
        host: 'a',
        argv: ['sh', '-c', 'echo seed=$VNET_SEED; ping -c 3 -i 0.2 -W 1 b'],
        expect: { exit: 0, output: 'seed=42' },
      },
    ]);
    const passed = vnet(['scenario', 'run', passing, '--json']);
    expect(passed.code).toBe(0);
    expect(JSON.parse(passed.stdout.trim().split('\n').at(-1) ?? '')).toMatchObject({ event: 'end', passed: true });
  });

  it('refuses a scenario that names what the network lacks, changing nothing', () => {
    const { revision } = status();
    const wrong = scenarioFile('wrong', [
      { at: '0', do: 'link down', link: 'a-lan' },
      { at: '1s', do: 'node crash', node: 'zz' },
    ]);
    expect(vnet(['scenario', 'run', wrong])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('steps[1].node: no host or router "zz" in the network'),
    });
    expect(status().revision).toBe(revision);
    expect(linkView('a-lan').up).toBe(true);
  });
});
