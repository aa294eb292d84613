import { configDefaults, defineConfig } from 'vitest/config';

/** Integration tests of the helper and the command line: real namespaces, as root. One file at a time (2 cores). */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['helper/**/*.integration.test.ts', 'cli/**/*.integration.test.ts'],
    // Needs vnet.ko: only where the suite runs over the module (the VM's kmod-helper suite).
    exclude: [
      ...configDefaults.exclude,
      ...(process.env.VNET_BACKEND === 'kmod' ? [] : ['helper/integration/kmod.integration.test.ts']),
    ],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
