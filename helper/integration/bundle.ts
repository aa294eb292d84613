/**
 * Vitest global setup: bundles the helper from the current sources once per
 * run, so each test's helper starts as shipped (one file, no TypeScript to
 * transpile at start: seconds per start in the TCG guests).
 */
import { bundle } from '../../tools/build/bundles.js';

export const TEST_HELPER_BUNDLE = '.cache/test/helper.mjs';

export default async function setup(): Promise<void> {
  await bundle({ source: 'helper/main.ts', out: TEST_HELPER_BUNDLE, format: 'esm' });
}
