/**
 * Vitest global setup: bundles the helper and the command line from the
 * current sources once per run, so each test starts them as shipped (one
 * file each, no TypeScript to transpile at start: seconds per start in the
 * TCG guests). The command line's bundle finds the helper's beside it, as
 * dist/cli.mjs finds dist/helper.mjs (cli/daemon.ts).
 *
 * VNET_TEST_BUNDLES names a directory (relative to the repository) where
 * the bundles were built beforehand, and this setup then builds none: the
 * kmod-helper suite builds them on the host for its guests (esbuild costs
 * tens of seconds under TCG), in a directory of its own, which the host's
 * helper suite does not rewrite while the guests read it.
 */
import { bundle } from '../../tools/build/bundles.js';

const PREBUILT = process.env.VNET_TEST_BUNDLES;
const bundlePaths = (dir: string) => ({ helper: `${dir}/helper.mjs`, cli: `${dir}/cli.mjs` });
const paths = bundlePaths(PREBUILT ?? '.cache/test');

export const TEST_HELPER_BUNDLE = paths.helper;
export const TEST_CLI_BUNDLE = paths.cli;

/** Builds both bundles into dir. */
export async function buildTestBundles(dir: string): Promise<void> {
  const { helper, cli } = bundlePaths(dir);
  await Promise.all([
    bundle({ source: 'helper/main.ts', out: helper, format: 'esm' }),
    bundle({ source: 'cli/main.ts', out: cli, format: 'esm' }),
  ]);
}

export default async function setup(): Promise<void> {
  if (PREBUILT === undefined) await buildTestBundles('.cache/test');
}
