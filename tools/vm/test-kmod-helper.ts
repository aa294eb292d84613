/**
 * The helper over the real module: the addon's /dev/vnet tests, then the
 * helper's behavioural suite and the command line's etcd test with
 * VNET_BACKEND=kmod (one TAP stream), in a guest per pinned kernel, side by
 * side. Narrow the kernels with arguments.
 */
import { readdirSync } from 'node:fs';
import { buildTestBundles } from '../../helper/integration/bundle.js';
import { runOnEachKernel } from './each-kernel.js';
import type { TestKernel } from './kernels.js';
import { repoRoot } from './paths.js';

/** The suite's test files: a name alone is helper/integration's, `cli/NAME` the command line's. */
const SUITE_DIRS = ['helper/integration', 'cli'];
const pathOf = (name: string) => (name.includes('/') ? name : `${SUITE_DIRS[0]}/${name}`);

/**
 * Where each test file runs over the module. Files whose outcome depends on the kernel under the
 * module (its ports and carriers, IPv6 frames, drops, programs, nf_tables and mounts in the hosts) run
 * on every kernel, and so does the etcd cluster under the module's partitions (a distributed program on both,
 * as vnet promises); files that test the helper alike over any kernel run on one, split so that the
 * two guests take about as long.
 */
const EVERY_KERNEL = [
  'capture',
  'drops',
  'faults',
  'hostdirs',
  'reachability',
  'ipv6',
  'reseed',
  'programs',
  'cli/etcd',
];
const ONE_KERNEL: Record<TestKernel['label'], string[]> = {
  '6.12': ['kmod', 'kmod-trunks', 'patch', 'routing'],
  '6.1': ['lifecycle', 'network', 'checks', 'locks'],
};
/**
 * netns.integration is the other backend's; scale.integration and trunks.integration build 1,500 to
 * 10,100 hosts, natively only (no guest holds them: kmod-trunks is the module's chain of switches).
 * designer-capture.integration tests how main routes a view's captures, alike over any backend
 * (capture.integration tests the module's capture). The command line's files test what it parses,
 * prints and asks the helper, alike over any backend (the helper's files above test the faults behind
 * its commands over the module), except etcd (above).
 * templates.integration tests what the plan expands and the network directory holds, which no backend
 * builds or sees (a guest would also need nginx-light). routes.integration tests how the helper reads a
 * router's table and FRR's neighbours for the designer, alike over any backend (routing.integration runs
 * FRR over the module).
 */
const NOT_OVER_THE_MODULE = [
  ...['netns', 'scale', 'trunks', 'designer-capture', 'templates', 'routes'],
  ...['cli/cli', 'cli/capture', 'cli/check', 'cli/faults', 'cli/grade', 'cli/scenario'],
];

/** The files a kernel runs; VNET_ONLY="faults cli/etcd" narrows them to those named (`native/vnet` the addon's). */
function filesFor(kernel: TestKernel): string[] {
  const only = process.env.VNET_ONLY?.split(/\s+/).filter(Boolean);
  const names = only ?? ['native/vnet', ...EVERY_KERNEL, ...(ONE_KERNEL[kernel.label] ?? [])];
  return names.map((name) => `${pathOf(name)}.integration`);
}

/** Test files of the suite that no kernel runs: a new file must be placed above. */
function unplacedFiles(): string[] {
  const placed = new Set([...EVERY_KERNEL, ...Object.values(ONE_KERNEL).flat(), ...NOT_OVER_THE_MODULE].map(pathOf));
  return SUITE_DIRS.flatMap((dir) =>
    readdirSync(`${repoRoot}/${dir}`)
      .filter((file) => file.endsWith('.integration.test.ts'))
      .map((file) => `${dir}/${file.replace('.integration.test.ts', '')}`),
  ).filter((path) => !placed.has(path));
}

/**
 * The addon's and the helper's tests in one vitest process (vitest.guest.config.ts), started without npx:
 * under TCG each start of npm or vitest costs tens of seconds. No isolation: each file would import the
 * suite again.
 */
function vitestArgv(kernel: TestKernel): string[] {
  const config = ['--config', 'tools/vm/vitest.guest.config.ts'];
  return ['node_modules/.bin/vitest', 'run', ...config, ...filesFor(kernel), '--no-isolate', '--reporter=tap-flat'];
}

/** The guests' bundles of the helper and the command line, built here on the host (helper/integration/bundle.ts). */
const GUEST_BUNDLES = '.cache/test-guests';

/** Why the guests cannot start: a test file no kernel runs, or bundles that do not build. */
async function notReady(): Promise<string | undefined> {
  const unplaced = unplacedFiles();
  if (unplaced.length > 0)
    return `every helper test file runs over the module: place ${unplaced.join(', ')} in ${import.meta.filename}`;
  return buildTestBundles(GUEST_BUNDLES).then(
    () => undefined,
    (error: unknown) => `the helper and the command line bundle: ${String(error)}`,
  );
}

const failure = await notReady();
if (failure !== undefined) {
  console.log(`not ok 1 - ${failure}`);
  process.exitCode = 1;
} else {
  process.exitCode = await runOnEachKernel(
    {
      what: 'the native and helper suites over vnet.ko',
      command: (_module, kernel) => vitestArgv(kernel),
      insmod: true,
      // No nf_tables: the module keeps its own partition table.
      modules: ['veth'],
      env: { VNET_BACKEND: 'kmod', VNET_TEST_BUNDLES: GUEST_BUNDLES },
      reportBuild: false,
      guestTimeoutSeconds: 30 * 60,
      // Each guest is one host thread (single-threaded TCG): two guests take the two cores.
      sideBySide: true,
    },
    process.argv.slice(2),
  );
}
