/**
 * The server goes away under a running view (Ctrl+C on `npm start`) and
 * comes back: the view says so in words at once, shows no state it cannot
 * know, reconnects by itself and attaches again. The spec runs a server of
 * its own (same port and token each time), so the suite's server stays up.
 */
import { expect, test } from '@playwright/test';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSample } from './designer.js';
import { freePort, startServer, stopServer } from './own-server.js';

test.setTimeout(120_000);

test('the server stops under a running view and comes back: the view says so, reconnects and attaches', async ({
  page,
}) => {
  const port = await freePort();
  const env = { VNET_E2E_PORT: String(port), VNET_E2E_DIR: mkdtempSync(join(tmpdir(), 'vnet-gone-')) };
  const url = `http://127.0.0.1:${port}/?token=${process.env.VNET_E2E_TOKEN}`;
  let server = await startServer(url, env);
  try {
    await page.goto(url);
    await openSample(page, 'seed');
    await page.getByTestId('btn-start').click();
    const state = page.getByTestId('network-state');
    await expect(state).toHaveAttribute('data-state', 'running', { timeout: 30_000 });

    // Listened for before the signal: the server may be gone before the view's checks below are.
    const exited = once(server, 'exit');
    server.kill('SIGINT');
    // The bound: the view notices within a second.
    await expect(page.getByTestId('connection-lost')).toContainText('The vnet server stopped', { timeout: 1000 });
    await expect(state).toHaveAttribute('data-state', 'disconnected');
    await expect(page.getByTestId('btn-stop')).toBeDisabled();
    await exited;

    server = await startServer(url, env);
    await expect(page.getByTestId('connection-lost')).toBeHidden({ timeout: 10_000 });
    // Its helper, and so its network, went with the old server.
    await expect(state).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
    await expect(page.getByTestId('error-banner')).toContainText('the network it ran stopped with it');
    await page.getByTestId('btn-start').click();
    await expect(state).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
    await page.getByTestId('btn-stop').click();
    await expect(state).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
  } finally {
    await stopServer(server);
  }
});
