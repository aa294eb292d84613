import { configDefaults, defineConfig } from 'vitest/config';

/** Integration tests of the helper and the command line: real namespaces, as root. One file at a time (2 cores). */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['helper/**/*.integration.test.ts', 'cli/**/*.integration.test.ts'],
    // Each backend's own files (netns*, kmod*) run only over that backend (kmod: the VM's kmod-helper suite).
    exclude: [
      ...configDefaults.exclude,
      `helper/integration/${process.env.VNET_BACKEND === 'kmod' ? 'netns' : 'kmod'}*.integration.test.ts`,
    ],
    globalSetup: ['helper/integration/bundle.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
