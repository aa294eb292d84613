/**
 * Vitest global setup: bundles the helper and the command line from the
 * current sources once per run, so each test starts them as shipped (one
 * file each, no TypeScript to transpile at start: seconds per start in the
 * TCG guests). The command line's bundle finds the helper's beside it, as
 * dist/cli.mjs finds dist/helper.mjs (cli/daemon.ts). Compiles the shipped
 * link programs (samples/extensions/*.bpf.c) too.
 */
import { fileURLToPath } from 'node:url';
import { bundle } from '../../tools/build/bundles.js';
import { compileBpfObjects } from '../../tools/build/bpf-objects.js';

export const TEST_HELPER_BUNDLE = '.cache/test/helper.mjs';
export const TEST_CLI_BUNDLE = '.cache/test/cli.mjs';
export const SAMPLE_PROGRAMS = fileURLToPath(new URL('../../samples/extensions/', import.meta.url));

export default async function setup(): Promise<void> {
  compileBpfObjects(SAMPLE_PROGRAMS);
  await Promise.all([
    bundle({ source: 'helper/main.ts', out: TEST_HELPER_BUNDLE, format: 'esm' }),
    bundle({ source: 'cli/main.ts', out: TEST_CLI_BUNDLE, format: 'esm' }),
  ]);
}
