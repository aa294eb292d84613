import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Integration tests of the native addon: real namespaces and processes, so root and separate processes.
 * The /dev/vnet tests need vnet.ko: where the device is absent (a host without module loading) they run
 * in the VM suite (`kmod-helper`) instead of being skipped here.
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['native/**/*.integration.test.ts'],
    exclude: [...configDefaults.exclude, ...(existsSync('/dev/vnet') ? [] : ['native/vnet.integration.test.ts'])],
    environment: 'node',
    pool: 'forks',
    testTimeout: 15_000,
  },
});
