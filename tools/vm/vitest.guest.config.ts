import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * What a kmod-helper guest runs, in one vitest process: the addon's and the helper's integration
 * configs as projects, so the emulated guest starts vitest once, not once per config. One file at a
 * time across both (the helper's tests count what the machine holds).
 */
export default defineConfig({
  test: {
    projects: ['native', 'helper'].map((name) => ({
      extends: fileURLToPath(new URL(`../../${name}/vitest.config.ts`, import.meta.url)),
      test: { name },
    })),
    maxWorkers: 1,
  },
});
