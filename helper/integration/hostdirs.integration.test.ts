/**
 * Hosts as separate machines: each has its own name and its own /run, /tmp,
 * /var/log and privateDirs, kept in the network's directory, which the
 * helper (root) builds without ever following a link planted there.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Notifications } from '../../common/protocol/helper.js';
import type { HelperClient } from '../client.js';
import { directoryName } from '../hostdirs/directory.js';
import { apply, shareHelperInFile, link, namespacesOf, runIn, startHelper, topology, waitFor } from './harness.js';

shareHelperInFile();

const ROOT_STATE = '/root/.local/state/vnet';
/** A directory of the machine that hosts get their own copy of. */
const MACHINE_DIR = `/var/lib/vnet-test-${process.pid}`;
/** Outside every network's directory: a planted link must leave it as it is. */
const OUTSIDE = `/var/tmp/vnet-test-${process.pid}-outside`;

afterAll(() => {
  for (const dir of [MACHINE_DIR, OUTSIDE]) rmSync(dir, { recursive: true, force: true });
});

/** Two hosts whose names differ from their ids, on one link, in a network named for the test. */
function machines(label: string, privateDirs?: string[]) {
  const host = (id: string, name: string) => ({
    id,
    kind: 'host' as const,
    name,
    position: { x: 0, y: 0 },
    privateDirs,
  });
  return topology({
    name: `hostdirs ${process.pid} ${label}`,
    nodes: [host('a', 'alpha'), host('b', 'beta')],
    links: [link('a-b', 'a', 'b')],
  });
}

async function startedDirectory(helper: HelperClient, label: string, privateDirs?: string[]): Promise<string> {
  const { status } = await apply(helper, machines(label, privateDirs));
  expect(status.directory).toBe(join(ROOT_STATE, directoryName(`hostdirs ${process.pid} ${label}`)));
  return status.directory!;
}

/** Collects a process's pty output until `pattern` shows up. */
function ptyUntil(helper: HelperClient, pid: number, pattern: RegExp): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const on = (o: Notifications['process.output']) => {
      if (o.pid !== pid) return;
      text += Buffer.from(o.data, 'base64').toString();
      if (!pattern.test(text)) return;
      helper.off('process.output', on);
      resolve(text);
    };
    helper.on('process.output', on);
  });
}

describe('host names', () => {
  it('each host answers hostname with its own name, in exec and in a terminal prompt', async () => {
    const helper = startHelper();
    const directory = await startedDirectory(helper, 'names');
    expect((await runIn(helper, 'a', ['hostname'])).stdout).toBe('alpha\n');
    expect((await runIn(helper, 'b', ['uname', '-n'])).stdout).toBe('beta\n');
    const { pid } = await helper.call('process.exec', {
      host: 'b',
      argv: ['bash', '--norc', '--noprofile', '-i'],
      env: { PS1: '[\\u@\\h]\\$ ' },
      pty: { cols: 80, rows: 24 },
    });
    // The first prompt may come before a listener can be attached: an empty line makes bash prompt again.
    const prompt = ptyUntil(helper, pid, /\[[^\]]*@beta\][$#] /);
    await helper.call('process.write', { pid, data: Buffer.from('\n').toString('base64') });
    expect(await prompt).toMatch(/@beta\]/);
    await helper.call('process.signal', { pid, signal: 'SIGKILL' });
    await helper.call('network.stop', { purge: true });
    expect(existsSync(directory)).toBe(false);
  });
});

describe('private directories', () => {
  it('runs one daemon with fixed pid and socket paths on two hosts; each host reaches its own', async () => {
    const helper = startHelper();
    const directory = await startedDirectory(helper, 'daemons');
    const daemon = ['sh', '-c', 'echo $$ >/run/echo.pid && exec socat UNIX-LISTEN:/run/echo.sock,fork SYSTEM:hostname'];
    for (const host of ['a', 'b']) await helper.call('process.exec', { host, argv: daemon });
    const pidFiles = ['a', 'b'].map((host) => join(directory, host, 'run/echo.pid'));
    const sockets = ['a', 'b'].map((host) => join(directory, host, 'run/echo.sock'));
    // The pid file is written before socat binds: wait for both sockets too (a slow guest connects too early).
    const started = () => pidFiles.every((f) => existsSync(f) && readFileSync(f, 'utf8').endsWith('\n'));
    expect(await waitFor(() => started() && sockets.every((s) => existsSync(s)))).toBe(true);
    const [pidA, pidB] = pidFiles.map((f) => readFileSync(f, 'utf8').trim());
    expect(pidA).not.toBe(pidB);
    for (const [host, name] of [
      ['a', 'alpha'],
      ['b', 'beta'],
    ] as const) {
      // socat binds, then listens: a connection in between is refused, so the first answer is awaited.
      const ask = () => runIn(helper, host, ['socat', '-', 'UNIX-CONNECT:/run/echo.sock']);
      let client = await ask();
      if (client.code !== 0) await waitFor(async () => (client = await ask()).code === 0);
      expect(client).toMatchObject({ code: 0, stdout: `${name}\n` });
    }
    expect(existsSync('/run/echo.sock')).toBe(false);
    await helper.call('network.stop', { purge: true });
  });

  it('keeps what hosts write in /tmp and /var/log in the directory after a stop, until purged', async () => {
    const helper = startHelper();
    const directory = await startedDirectory(helper, 'kept');
    const write = 'echo from-$(hostname) >/tmp/note && echo logged >/var/log/app.log';
    for (const host of ['a', 'b']) expect((await runIn(helper, host, ['sh', '-c', write])).code).toBe(0);
    expect(readFileSync(join(directory, 'a/tmp/note'), 'utf8')).toBe('from-alpha\n');
    expect(readFileSync(join(directory, 'b/tmp/note'), 'utf8')).toBe('from-beta\n');
    expect(statSync(join(directory, 'a/tmp')).mode & 0o7777).toBe(0o1777);
    expect(statSync(join(directory, 'a/run')).mode & 0o7777).toBe(0o755);
    expect(existsSync('/tmp/note')).toBe(false);

    const stopped = await helper.call('network.stop', {});
    expect(stopped.directory).toBe(directory);
    expect(readFileSync(join(directory, 'b/var/log/app.log'), 'utf8')).toBe('logged\n');

    // Started again, as a machine boots: /var/log carries over, /tmp starts empty.
    await startedDirectory(helper, 'kept');
    expect((await runIn(helper, 'a', ['sh', '-c', 'ls -A /tmp; cat /var/log/app.log'])).stdout).toBe('logged\n');
    await helper.call('network.stop', {});
    const purged = await helper.call('network.stop', { purge: true });
    expect(purged.directory).toBeUndefined();
    expect(existsSync(directory)).toBe(false);
  });

  it('gives each host its own copy of a privateDirs entry, and refuses one the machine lacks', async () => {
    mkdirSync(MACHINE_DIR, { recursive: true });
    const helper = startHelper();
    const directory = await startedDirectory(helper, 'private', [MACHINE_DIR]);
    expect((await runIn(helper, 'a', ['sh', '-c', `echo mine >${MACHINE_DIR}/data`])).code).toBe(0);
    expect((await runIn(helper, 'b', ['ls', '-A', MACHINE_DIR])).stdout).toBe('');
    expect(readFileSync(join(directory, 'a', MACHINE_DIR, 'data'), 'utf8')).toBe('mine\n');
    expect(readdirSync(MACHINE_DIR)).toEqual([]);
    await helper.call('network.stop', { purge: true });

    const missing = `${MACHINE_DIR}-missing`;
    await expect(apply(helper, machines('missing', [missing]))).rejects.toThrow(
      `host a: private directory ${missing} does not exist on this machine`,
    );
    expect(namespacesOf(helper.pid!)).toEqual([]);
    await helper.call('network.stop', { purge: true });
  });
});

/**
 * Every entry under dir, two levels deep, not following links: path, inode, mode, owner and mtime.
 * /etc/netns is left out: helpers running beside the test add to it.
 */
function snapshot(dir: string, depth = 2): string[] {
  const stat = lstatSync(dir);
  const self = `${dir} ${stat.ino} ${stat.mode} ${stat.uid} ${dir === '/etc' ? '' : stat.mtimeMs}`;
  if (!stat.isDirectory() || depth === 0) return [self];
  const names = readdirSync(dir).filter((name) => join(dir, name) !== '/etc/netns');
  return [self, ...names.flatMap((name) => snapshot(join(dir, name), depth - 1))];
}

describe('links planted in the network directory', () => {
  const otherHome = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((f) => Number(f[2]) >= 1000 && Number(f[2]) < 65534 && existsSync(f[5] ?? ''))?.[5];

  it.each([
    ['a host directory', 'a', '/etc'],
    ['a host /tmp', 'a/tmp', OUTSIDE],
    ['a host /var', 'b/var', otherHome ?? '/home'],
  ])('refuses %s that is a symbolic link, touching nothing outside', async (_what, at, target) => {
    mkdirSync(join(OUTSIDE, 'kept'), { recursive: true });
    const label = `planted ${at}`;
    const directory = join(ROOT_STATE, directoryName(`hostdirs ${process.pid} ${label}`));
    mkdirSync(join(directory, at, '..'), { recursive: true });
    symlinkSync(target, join(directory, at));
    const before = [target, OUTSIDE].flatMap((dir) => snapshot(dir));
    try {
      const helper = startHelper();
      const refused = await apply(helper, machines(label)).catch((error: Error) => error.message);
      expect(refused).toContain(`${join(directory, at)}`);
      expect(refused).toMatch(/ is or passes through a symbolic link, which is never followed here/);
      expect([target, OUTSIDE].flatMap((dir) => snapshot(dir))).toEqual(before);
      expect(namespacesOf(helper.pid!)).toEqual([]);
      expect((await helper.call('network.status', {})).state).toBe('failed');
    } finally {
      rmSync(directory, { recursive: true });
    }
  });
});

describe('the invoking user', () => {
  it('runs host processes as that user, owning the directories, unable to gain privileges', async () => {
    const helper = startHelper({ SUDO_UID: '65534' });
    const { status } = await apply(helper, machines('user'));
    // nobody's home does not exist: the directory is kept under /var/lib/vnet/<uid>.
    expect(status.directory).toBe(`/var/lib/vnet/65534/${directoryName(`hostdirs ${process.pid} user`)}`);
    const run = await runIn(helper, 'a', ['sh', '-c', 'id -u; touch /tmp/mine; grep NoNewPrivs /proc/self/status']);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual(['65534', 'NoNewPrivs:\t1']);
    expect(statSync(join(status.directory!, 'a/tmp/mine')).uid).toBe(65534);
    for (const dir of ['', 'a', 'a/run', 'a/tmp', 'a/var/log'])
      expect(statSync(join(status.directory!, dir)).uid).toBe(65534);
    await helper.call('network.stop', { purge: true });
    expect(existsSync(status.directory!)).toBe(false);
  });
});

// Processes in hosts cannot gain privileges, so ping must need none: ICMP echo sockets are open to all groups.
describe('ping in a host', () => {
  it('works for an unprivileged user', async () => {
    const helper = startHelper({ SUDO_UID: '65534' });
    await apply(helper, machines('ping'));
    expect((await runIn(helper, 'a', ['ping', '-c1', '-W5', 'beta'])).code).toBe(0);
    await helper.call('network.stop', { purge: true });
  });
});
