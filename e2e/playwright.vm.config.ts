/**
 * The e2e flow that needs link emulation this host's kernel lacks (no
 * netem): the designer's web server and the helper run inside a QEMU guest
 * booting Debian's 6.12 kernel (tools/vm/run), Chromium here reaches it
 * through the harness's port forward. `npm run test:e2e:vm`.
 */
import { defineConfig } from '@playwright/test';
import base from './playwright.config.js';

const GUEST_PORT = 8765;
process.env.VNET_E2E_VM_PORT ??= String(30000 + (process.pid % 10000));
const origin = `http://127.0.0.1:${process.env.VNET_E2E_VM_PORT}`;
/** The guest kernel's own modules the netns backend builds with (veth, bridges, netem, tbf, BPF loss). */
const GUEST_MODULES = 'veth bridge sch_netem sch_tbf sch_ingress cls_bpf';
/** The helper's backend in the guest: the vnet module by default (built and loaded by the harness), or netns. */
process.env.VNET_E2E_BACKEND ??= 'kmod';
const BACKEND = process.env.VNET_E2E_BACKEND;

export default defineConfig({
  ...base,
  testMatch: 'live-delay.spec.ts',
  testIgnore: [],
  // Its own results folder: a concurrent `npm test` run cleans test-results/e2e.
  outputDir: '../test-results/e2e-vm',
  timeout: 300_000,
  use: { ...base.use, baseURL: origin },
  webServer: {
    command: [
      'tools/vm/run --kernel 6.12',
      BACKEND === 'kmod' ? '--vnet' : '',
      `--modules "${GUEST_MODULES}"`,
      `--forward ${process.env.VNET_E2E_VM_PORT}:${GUEST_PORT}`,
      `--env VNET_E2E_PORT=${GUEST_PORT} --env VNET_E2E_TOKEN=${process.env.VNET_E2E_TOKEN}`,
      `--env VNET_BACKEND=${BACKEND}`,
      '--env VNET_E2E_DIR=/tmp --env VNET_E2E_HOST=0.0.0.0 --timeout 1200',
      // The terminal's shell is root's here: the guest gives it an empty ~/.bashrc, since the host's
      // (pyenv init, a rehash over 9p) keeps an emulated guest busy for minutes before the first prompt.
      `-- sh -c ': > /root/.bashrc && exec node_modules/.bin/tsx e2e/server.ts'`,
    ].join(' '),
    cwd: '..',
    url: `${origin}/?token=${process.env.VNET_E2E_TOKEN}`,
    reuseExistingServer: false,
    timeout: 600_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
