/**
 * End-to-end tests: Debian's Chromium drives the designer in web mode, served
 * by our own web server against the real helper (netns backend, as root).
 * One worker: the tests share one helper, which runs one network at a time.
 */
import { defineConfig } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The config is evaluated again in each worker: keep the first process's values.
process.env.VNET_E2E_PORT ??= String(20000 + (process.pid % 20000));
process.env.VNET_E2E_TOKEN ??= randomBytes(24).toString('hex');
process.env.VNET_E2E_DIR ??= mkdtempSync(join(tmpdir(), 'vnet-e2e-'));
const origin = `http://127.0.0.1:${process.env.VNET_E2E_PORT}`;

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // Needs the QEMU guest: its own config, playwright.vm.config.ts.
  testIgnore: 'live-delay.spec.ts',
  outputDir: '../test-results/e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: origin,
    headless: true,
    viewport: { width: 1400, height: 900 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      // As root Chromium needs --no-sandbox; the rest keeps it off the (closed) network.
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: 'npx tsx e2e/server.ts',
    cwd: '..',
    url: `${origin}/?token=${process.env.VNET_E2E_TOKEN}`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
