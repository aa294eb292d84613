/**
 * A desktop user who is not root, on a checkout, on a machine without pkexec:
 * Start cannot give the helper root's rights. The designer must say what to
 * install or run and go back to STOPPED. The spec runs a server of its own as
 * a user of its own (made here if missing), with a PATH that has no pkexec,
 * so the real spawn of pkexec fails as on such a machine.
 */
import { expect, test } from '@playwright/test';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asUser, nonRootUser } from '../tools/test/nonroot-user.js';
import { openSample } from './designer.js';
import { freePort, startServer, stopServer } from './own-server.js';

test('Start without pkexec, not as root: the designer says what to install or run and is STOPPED again', async ({
  page,
}) => {
  const user = nonRootUser();
  const home = mkdtempSync(join(tmpdir(), 'vnet-nonroot-'));
  const noPkexec = mkdtempSync(join(tmpdir(), 'vnet-nopkexec-'));
  chownSync(home, user.uid, user.gid);
  chmodSync(noPkexec, 0o755); // searched and found empty: pkexec is not installed (ENOENT)
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/?token=${process.env.VNET_E2E_TOKEN}`;
  const env = { VNET_E2E_PORT: String(port), VNET_E2E_DIR: home, HOME: home };
  const server = await startServer(url, env, [...asUser(user), 'env', `PATH=${noPkexec}`]);
  try {
    await page.goto(url);
    await openSample(page, 'seed');
    await page.getByTestId('btn-start').click();
    // Start's own answer (the view's first read already met the failure): what to do, then STOPPED.
    const banner = page.getByTestId('error-banner');
    await expect(banner).toContainText('Restart the helper to try again', { timeout: 30_000 });
    await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'stopped');
    for (const shown of [banner, page.getByTestId('helper-state')]) {
      await expect(shown).toContainText('pkexec, which gives the helper root');
      await expect(shown).toContainText('sudo apt install pkexec');
      await expect(shown).toContainText('sudo npm start');
      await expect(shown).not.toContainText('ENOENT');
    }
    await expect(page.getByTestId('helper-state')).toHaveAttribute('data-state', 'failed');
    await expect(page.getByTestId('btn-start')).toBeEnabled();
  } finally {
    await stopServer(server);
    for (const dir of [home, noPkexec]) rmSync(dir, { recursive: true, force: true });
  }
});
