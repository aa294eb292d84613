/**
 * Vitest global setup: bundles the helper and the command line from the
 * current sources once per run, so each test starts them as shipped (one
 * file each, no TypeScript to transpile at start: seconds per start in the
 * TCG guests). The command line's bundle finds the helper's beside it, as
 * dist/cli.mjs finds dist/helper.mjs (cli/daemon.ts). Compiles the shipped
 * link programs (samples/extensions/*.bpf.c) too.
 *
 * VNET_TEST_BUNDLES names a directory (relative to the repository) where
 * the bundles were built beforehand, and this setup then builds none, nor
 * compiles: the kmod-helper suite does both on the host for its guests
 * (esbuild costs tens of seconds under TCG, and the guests have no clang),
 * the bundles in a directory of its own, which the host's helper suite does
 * not rewrite while the guests read it.
 */
import { fileURLToPath } from 'node:url';
import { bundle } from '../../tools/build/bundles.js';
import { compileBpfObjects } from '../../tools/build/bpf-objects.js';

const PREBUILT = process.env.VNET_TEST_BUNDLES;
const bundlePaths = (dir: string) => ({ helper: `${dir}/helper.mjs`, cli: `${dir}/cli.mjs` });
const paths = bundlePaths(PREBUILT ?? '.cache/test');

export const TEST_HELPER_BUNDLE = paths.helper;
export const TEST_CLI_BUNDLE = paths.cli;

export const SAMPLE_PROGRAMS = fileURLToPath(new URL('../../samples/extensions/', import.meta.url));

/** Builds both bundles into dir, and the shipped link programs beside their sources. */
export async function buildTestBundles(dir: string): Promise<void> {
  const { helper, cli } = bundlePaths(dir);
  compileBpfObjects(SAMPLE_PROGRAMS);
  await Promise.all([
    bundle({ source: 'helper/main.ts', out: helper, format: 'esm' }),
    bundle({ source: 'cli/main.ts', out: cli, format: 'esm' }),
  ]);
}

export default async function setup(): Promise<void> {
  if (PREBUILT === undefined) await buildTestBundles('.cache/test');
}
