import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Integration tests of the native addon: real namespaces and processes, so root and separate processes. */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['native/**/*.integration.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 15_000,
  },
});
