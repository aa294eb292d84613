/**
 * The helper over the real module: the addon's /dev/vnet tests, then the
 * helper's behavioural suite with VNET_BACKEND=kmod (one TAP stream), in a
 * guest per pinned kernel, side by side. The newest kernel runs the whole
 * helper suite; older kernels run the files whose outcome depends on the
 * kernel under the module (its ports, carriers, drops, nf_tables in the
 * hosts): what the helper does alike over any kernel (patches, host
 * directories, lifecycle, checks) is not run twice. Narrow the kernels with
 * arguments.
 */
import { runOnEachKernel } from './each-kernel.js';
import { newestKernel, type TestKernel } from './kernels.js';

/** Helper test files run on every kernel (vitest filters); the newest kernel runs them all. */
const EVERY_KERNEL = ['drops.integration', 'faults.integration', 'reachability.integration', 'reseed.integration'];

/** Both vitest runs in one guest; fails when either fails. No isolation: each file would import the suite again. */
function script(kernel: TestKernel): string {
  const files = kernel === newestKernel ? ['helper/integration'] : EVERY_KERNEL;
  return [
    'npx vitest run --config native/vitest.config.ts native/vnet.integration.test.ts --reporter=tap-flat; native=$?',
    `npx vitest run --config helper/vitest.config.ts ${files.join(' ')} --no-isolate --reporter=tap-flat; exit $((native | $?))`,
  ].join('\n');
}

process.exitCode = await runOnEachKernel(
  {
    what: 'the native and helper suites over vnet.ko',
    command: (_module, kernel) => ['sh', '-c', script(kernel)],
    insmod: true,
    // nf_tables: partitions are nft tables in the hosts' namespaces over the module.
    modules: ['veth', 'nf_tables'],
    env: { VNET_BACKEND: 'kmod' },
    reportBuild: false,
    guestTimeoutSeconds: 30 * 60,
    // Each guest is one host thread (single-threaded TCG): two guests take the two cores.
    sideBySide: true,
  },
  process.argv.slice(2),
);
