/**
 * The helper over the real module: the addon's /dev/vnet tests, then the
 * helper's behavioural suite with VNET_BACKEND=kmod (one TAP stream), in a
 * guest per pinned kernel, side by side. Narrow the kernels with arguments.
 */
import { readdirSync } from 'node:fs';
import { runOnEachKernel } from './each-kernel.js';
import type { TestKernel } from './kernels.js';
import { repoRoot } from './paths.js';

const SUITE_DIR = 'helper/integration';

/**
 * Where each helper test file runs over the module. Files whose outcome depends on the kernel under
 * the module (its ports and carriers, drops, nf_tables and mounts in the hosts) run on every kernel;
 * files that test the helper alike over any kernel run on one, split so that the two guests take
 * about as long.
 */
const EVERY_KERNEL = ['drops', 'faults', 'hostdirs', 'reachability', 'reseed'];
const ONE_KERNEL: Record<TestKernel['label'], string[]> = {
  '6.12': ['kmod', 'checks', 'locks', 'kmod-trunks'],
  '6.1': ['lifecycle', 'network', 'patch'],
};
/**
 * netns.integration is the other backend's; scale.integration and trunks.integration build 1,500 to
 * 10,100 hosts, natively only (no guest holds them: kmod-trunks is the module's chain of switches);
 * capture.integration and designer-capture.integration too (the module cannot capture yet).
 */
const NOT_OVER_THE_MODULE = ['netns', 'scale', 'trunks', 'capture', 'designer-capture'];

function filesFor(kernel: TestKernel): string[] {
  return [...EVERY_KERNEL, ...(ONE_KERNEL[kernel.label] ?? [])].map((name) => `${SUITE_DIR}/${name}.integration`);
}

/** Test files of the suite that no kernel runs: a new file must be placed above. */
function unplacedFiles(): string[] {
  const placed = new Set([...EVERY_KERNEL, ...Object.values(ONE_KERNEL).flat(), ...NOT_OVER_THE_MODULE]);
  return readdirSync(`${repoRoot}/${SUITE_DIR}`)
    .filter((file) => file.endsWith('.integration.test.ts'))
    .filter((file) => !placed.has(file.replace('.integration.test.ts', '')));
}

/** Both vitest runs in one guest; fails when either fails. No isolation: each file would import the suite again. */
function script(kernel: TestKernel): string {
  return [
    'npx vitest run --config native/vitest.config.ts native/vnet.integration.test.ts --reporter=tap-flat; native=$?',
    `npx vitest run --config helper/vitest.config.ts ${filesFor(kernel).join(' ')} --no-isolate --reporter=tap-flat; exit $((native | $?))`,
  ].join('\n');
}

const unplaced = unplacedFiles();
if (unplaced.length > 0) {
  console.log(
    `not ok 1 - every helper test file runs over the module: place ${unplaced.join(', ')} in ${import.meta.filename}`,
  );
  process.exitCode = 1;
} else {
  process.exitCode = await runOnEachKernel(
    {
      what: 'the native and helper suites over vnet.ko',
      command: (_module, kernel) => ['sh', '-c', script(kernel)],
      insmod: true,
      // No nf_tables: the module keeps its own partition table.
      modules: ['veth'],
      env: { VNET_BACKEND: 'kmod' },
      reportBuild: false,
      guestTimeoutSeconds: 30 * 60,
      // Each guest is one host thread (single-threaded TCG): two guests take the two cores.
      sideBySide: true,
    },
    process.argv.slice(2),
  );
}
