/**
 * A desktop user who is not root, on a checkout, on a machine without pkexec:
 * Start cannot give the helper root's rights. The designer must say what to
 * install or run and go back to STOPPED. The spec runs a server of its own as
 * a user of its own (made here if missing), with a PATH that has no pkexec,
 * so the real spawn of pkexec fails as on such a machine.
 */
import { expect, test } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSample } from './designer.js';

const ROOT = join(import.meta.dirname, '..');
const USER = 'vnet-e2e-user';

/** The user's uid and gid, made a system user first if there is none. */
function ensureUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', USER]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  return port;
}

/** e2e/server.ts as that user would run `npm start`, with `path` as its PATH. */
async function startServer(
  { uid, gid }: { uid: number; gid: number },
  path: string,
  url: string,
  env: Record<string, string>,
): Promise<ChildProcess> {
  // setpriv execs the server itself (no process in between): the signal that stops it reaches it.
  const user = [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups'];
  const argv = ['env', `PATH=${path}`, process.execPath, '--import', 'tsx', 'e2e/server.ts'];
  const child = spawn('setpriv', [...user, ...argv], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  const status = () =>
    fetch(url).then(
      (r) => r.status,
      () => 0,
    );
  await expect.poll(status, { timeout: 30_000 }).toBe(200);
  return child;
}

test('Start without pkexec, not as root: the designer says what to install or run and is STOPPED again', async ({
  page,
}) => {
  const user = ensureUser();
  const home = mkdtempSync(join(tmpdir(), 'vnet-nonroot-'));
  const noPkexec = mkdtempSync(join(tmpdir(), 'vnet-nopkexec-'));
  chownSync(home, user.uid, user.gid);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/?token=${process.env.VNET_E2E_TOKEN}`;
  const env = { VNET_E2E_PORT: String(port), VNET_E2E_DIR: home, HOME: home };
  const server = await startServer(user, noPkexec, url, env);
  try {
    await page.goto(url);
    await openSample(page, 'seed');
    await page.getByTestId('btn-start').click();
    await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
    const notice = page.getByTestId('helper-state');
    await expect(notice).toHaveAttribute('data-state', 'failed');
    await expect(notice).toContainText('pkexec');
    await expect(notice).toContainText('sudo apt install pkexec');
    await expect(notice).toContainText('sudo npm start');
    await expect(notice).not.toContainText('ENOENT');
    await expect(page.getByTestId('btn-start')).toBeEnabled();
  } finally {
    server.kill('SIGINT');
    if (server.exitCode === null) await once(server, 'exit');
  }
});
