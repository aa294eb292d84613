import { closeSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNamespaces,
  deleteNamespaces,
  makeDirectories,
  openOwnedDirectory,
  spawn,
  type SpawnedProcess,
} from './index.js';
import { TEST_PATH, readAll, runIn, uniqueName } from './integration-helpers.js';

const netns = uniqueName('spawn');
const NOBODY = 65534;

beforeAll(async () => {
  await createNamespaces([netns]);
});

afterAll(async () => {
  await deleteNamespaces([netns]);
});

/** Collects the pty's output until `pattern` shows up. */
function ptyOutputUntil(child: SpawnedProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.pty?.setEncoding('utf8');
    child.pty?.on('data', (chunk: string) => {
      text += chunk;
      if (pattern.test(text)) resolve(text);
    });
    child.pty?.on('end', () => reject(new Error(`pty ended before ${pattern}: ${JSON.stringify(text)}`)));
  });
}

describe('spawn with pipes', () => {
  it('runs inside the namespace: only lo is there', async () => {
    const result = await runIn(netns, ['sh', '-c', 'ip link set lo up && ip -o addr']);
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
    const interfaces = result.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[1]);
    expect(interfaces.length).toBeGreaterThan(0);
    expect(new Set(interfaces)).toEqual(new Set(['lo']));
  });

  it('runs as the given uid, gid and groups', async () => {
    const result = await runIn(netns, ['sh', '-c', 'id -u; id -g; id -G'], { uid: 1000, gid: 1001, groups: [20, 100] });
    const [uid, gid, groups] = result.stdout.trim().split('\n');
    expect([uid, gid]).toEqual(['1000', '1001']);
    expect(groups?.split(' ').sort()).toEqual(['100', '1001', '20']);
  });

  it('really is nobody when run as 65534: root-only files stay closed', async () => {
    const result = await runIn(netns, ['sh', '-c', 'id -un; cat /etc/shadow'], {
      uid: NOBODY,
      gid: NOBODY,
      groups: [],
    });
    expect(result.stdout.trim()).toBe('nobody');
    expect(result.stderr).toMatch(/Permission denied/);
    expect(result.code).not.toBe(0);
  });

  it('passes exactly the given environment and working directory', async () => {
    const result = await runIn(netns, ['sh', '-c', 'pwd; env | grep -v "^PWD=\\|^SHLVL=\\|^_=" | sort'], {
      cwd: '/tmp',
      env: { PATH: TEST_PATH, GREETING: 'hello world' },
    });
    expect(result.stdout.trim().split('\n')).toEqual(['/tmp', 'GREETING=hello world', `PATH=${TEST_PATH}`]);
  });

  it('feeds stdin and keeps stdout and stderr apart', async () => {
    const child = spawn({
      netns,
      argv: ['sh', '-c', 'read line; echo "out $line"; echo "err $line" >&2'],
      env: { PATH: TEST_PATH },
      uid: 0,
      gid: 0,
      groups: [],
    });
    child.stdin?.end('ping\n');
    const [stdout, stderr, status] = await Promise.all([readAll(child.stdout), readAll(child.stderr), child.exited]);
    expect(status).toEqual({ code: 0, signal: null });
    expect([stdout, stderr]).toEqual(['out ping\n', 'err ping\n']);
  });
});

describe('spawn with ipNetnsExecMounts', () => {
  const etcDir = `/etc/netns/${netns}`;

  beforeAll(() => {
    mkdirSync(etcDir, { recursive: true });
    writeFileSync(`${etcDir}/hosts`, '10.0.0.7 web\n');
  });

  afterAll(() => {
    rmSync(etcDir, { recursive: true, force: true });
  });

  it('shows /etc/netns/<netns>/hosts as /etc/hosts and the namespace’s devices in /sys', async () => {
    const result = await runIn(netns, ['sh', '-c', 'cat /etc/hosts; ls /sys/class/net'], {
      ipNetnsExecMounts: true,
      uid: NOBODY,
      gid: NOBODY,
    });
    expect(result).toMatchObject({ code: 0, stdout: '10.0.0.7 web\nlo\n' });
  });

  it('leaves the caller’s view alone', async () => {
    const result = await runIn(netns, ['cat', '/etc/hosts']);
    expect(result.stdout).toBe(readFileSync('/etc/hosts', 'utf8'));
    expect(readFileSync('/etc/hosts', 'utf8')).not.toBe('10.0.0.7 web\n');
  });
});

describe('spawn as a host of its own', () => {
  const owner = { uid: NOBODY, gid: NOBODY };
  let state: string;
  let directoryFd: number;
  const privateDirs = (mounts: { source: string; target: string }[]) => ({ directoryFd, mounts });

  beforeAll(async () => {
    state = mkdtempSync('/var/tmp/vnet-spawn-');
    directoryFd = openOwnedDirectory(state, 'net', owner);
    await makeDirectories(
      directoryFd,
      `${state}/net`,
      [
        { path: 'h1/tmp', mode: 0o1777 },
        { path: 'h1/run', mode: 0o755 },
      ],
      owner,
    );
    symlinkSync('/etc', `${state}/net/linked`);
  });

  afterAll(() => {
    closeSync(directoryFd);
    rmSync(state, { recursive: true, force: true });
  });

  it('reports its own host name, leaving the caller’s', async () => {
    const result = await runIn(netns, ['hostname'], { hostname: 'web-1', uid: NOBODY, gid: NOBODY });
    expect(result).toMatchObject({ code: 0, stdout: 'web-1\n' });
    expect((await runIn(netns, ['hostname'])).stdout).not.toBe('web-1\n');
  });

  it('writes to the host’s own /tmp and /run, unable to gain privileges', async () => {
    const result = await runIn(
      netns,
      ['sh', '-c', 'echo a >/tmp/f && echo b >/run/g && grep NoNewPrivs /proc/self/status'],
      {
        ipNetnsExecMounts: true,
        uid: NOBODY,
        gid: NOBODY,
        privateDirs: privateDirs([
          { source: 'h1/tmp', target: '/tmp' },
          { source: 'h1/run', target: '/run' },
        ]),
      },
    );
    expect(result).toMatchObject({ code: 0, stdout: 'NoNewPrivs:\t1\n' });
    expect(readFileSync(`${state}/net/h1/tmp/f`, 'utf8')).toBe('a\n');
    expect(readFileSync(`${state}/net/h1/run/g`, 'utf8')).toBe('b\n');
  });

  it('refuses a source that is a symbolic link (ELOOP) and a target that passes through one', () => {
    const base = {
      netns,
      env: { PATH: TEST_PATH },
      uid: 0,
      gid: 0,
      groups: [],
      ipNetnsExecMounts: true,
      argv: ['true'],
    };
    expect(() => spawn({ ...base, privateDirs: privateDirs([{ source: 'linked', target: '/tmp' }]) })).toThrow(
      expect.objectContaining({
        code: 'ELOOP',
        message: expect.stringContaining('host directory: linked is or passes'),
      }),
    );
    expect(() => spawn({ ...base, privateDirs: privateDirs([{ source: 'h1/tmp', target: '/var/run' }]) })).toThrow(
      expect.objectContaining({
        code: 'ELOOP',
        message: expect.stringContaining(
          "mounting the host's own /var/run: /var/run is or passes through a symbolic link",
        ),
      }),
    );
  });

  it('rejects private directories without a mount namespace of its own', () => {
    expect(() =>
      spawn({ netns, argv: ['true'], env: {}, uid: 0, gid: 0, groups: [], privateDirs: privateDirs([]) }),
    ).toThrow(/privateDirs needs ipNetnsExecMounts/);
  });
});

describe('exit status', () => {
  it('reports the exit code', async () => {
    await expect(runIn(netns, ['sh', '-c', 'exit 7'])).resolves.toMatchObject({ code: 7, signal: null });
  });

  it('reports the signal that ended the process', async () => {
    await expect(runIn(netns, ['sh', '-c', 'kill -KILL $$'])).resolves.toMatchObject({ code: null, signal: 'SIGKILL' });
  });

  it('delivers kill() through the pidfd', async () => {
    const child = spawn({
      netns,
      argv: ['sleep', '30'],
      env: { PATH: TEST_PATH },
      uid: NOBODY,
      gid: NOBODY,
      groups: [],
    });
    child.kill('SIGTERM');
    await expect(child.exited).resolves.toEqual({ code: null, signal: 'SIGTERM' });
    expect(() => child.kill('SIGTERM')).not.toThrow(); // already reaped: nothing to do
  });
});

describe('spawn failures are thrown synchronously', () => {
  const base = { netns, env: { PATH: TEST_PATH }, uid: 0, gid: 0, groups: [] };

  it('throws ENOENT for a missing program', () => {
    expect(() => spawn({ ...base, argv: ['vnet-no-such-program'] })).toThrow(
      expect.objectContaining({
        code: 'ENOENT',
        message: `spawn "vnet-no-such-program" in namespace "${netns}": exec: No such file or directory`,
      }),
    );
  });

  it('throws EACCES for a program the user may not execute', () => {
    expect(() => spawn({ ...base, argv: ['/etc/passwd'] })).toThrow(expect.objectContaining({ code: 'EACCES' }));
  });

  it('throws ENOENT naming a missing namespace', () => {
    expect(() => spawn({ ...base, netns: uniqueName('absent'), argv: ['true'] })).toThrow(
      expect.objectContaining({
        code: 'ENOENT',
        message: expect.stringContaining(`namespace "${uniqueName('absent')}"`),
      }),
    );
  });

  it('throws naming the directory it could not enter', () => {
    expect(() => spawn({ ...base, argv: ['true'], cwd: '/vnet-no-such-dir' })).toThrow(
      expect.objectContaining({ code: 'ENOENT', message: expect.stringContaining('chdir /vnet-no-such-dir') }),
    );
  });

  it('rejects bad arguments with a TypeError', () => {
    expect(() => spawn({ ...base, argv: [] })).toThrow(/argv must name a program/);
    expect(() => spawn({ ...base, netns: '../x', argv: ['true'] })).toThrow(/not a valid namespace name/);
    expect(() => spawn({ ...base, argv: ['true'], env: { 'A=B': 'c' } })).toThrow(/environment variable name/);
  });
});

describe('spawn with a pty', () => {
  it('gives the child a terminal of the asked size as its controlling tty, as the given user', async () => {
    const child = spawn({
      netns,
      argv: ['sh', '-c', 'tty; stty size; id -u; test -t 0 && echo interactive; ip -o link | wc -l'],
      env: { PATH: TEST_PATH },
      uid: NOBODY,
      gid: NOBODY,
      groups: [],
      pty: { cols: 100, rows: 30 },
    });
    expect(child.stdin).toBeUndefined();
    const output = await ptyOutputUntil(child, /interactive\r\n\s*\d+\r\n/);
    expect(output.split('\r\n').map((line) => line.trim())).toEqual([
      expect.stringMatching(/^\/dev\/pts\/\d+$/),
      '30 100',
      String(NOBODY),
      'interactive',
      '1',
      '',
    ]);
    await expect(child.exited).resolves.toEqual({ code: 0, signal: null });
  });

  it('forwards keystrokes and resizes', async () => {
    const child = spawn({
      netns,
      argv: ['sh', '-c', 'read answer; echo "got $answer"; stty size'],
      env: { PATH: TEST_PATH },
      uid: 0,
      gid: 0,
      groups: [],
      pty: { cols: 80, rows: 24 },
    });
    const output = ptyOutputUntil(child, /got yes\r\n40 120\r\n/);
    child.resize(120, 40);
    child.pty?.write('yes\n');
    await expect(output).resolves.toContain('got yes');
    await expect(child.exited).resolves.toEqual({ code: 0, signal: null });
  });

  it('ends the pty stream without an error when the child exits', async () => {
    const child = spawn({
      netns,
      argv: ['true'],
      env: { PATH: TEST_PATH },
      uid: 0,
      gid: 0,
      groups: [],
      pty: { cols: 80, rows: 24 },
    });
    const ended = new Promise<string>((resolve, reject) => {
      child.pty?.on('error', reject);
      child.pty?.on('close', () => resolve('closed'));
      child.pty?.resume();
    });
    await expect(ended).resolves.toBe('closed');
    expect(() => child.resize(100, 30)).not.toThrow(); // a resize after close is a no-op
  });
});
