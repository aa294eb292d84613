import { defineConfig } from 'vitest/config';

/** Unit tests: fast, no privileges. Integration suites have their own configs. */
export default defineConfig({
  test: {
    include: ['{common,helper,cli,native,app,tools}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', '**/*.integration.test.ts'],
    environment: 'node',
  },
});
