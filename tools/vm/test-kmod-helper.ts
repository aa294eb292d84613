/**
 * The helper over the real module, on each pinned kernel in turn: the
 * addon's /dev/vnet tests, then the helper's behavioural suite with
 * VNET_BACKEND=kmod (one TAP stream). Narrow the kernels with arguments.
 */
import { runOnEachKernel } from './each-kernel.js';

/** Both vitest runs in one guest; fails when either fails. */
const script = [
  'npx vitest run --config native/vitest.config.ts native/vnet.integration.test.ts --reporter=tap-flat; native=$?',
  'npx vitest run --config helper/vitest.config.ts helper/integration --reporter=tap-flat; exit $((native | $?))',
].join('\n');

process.exitCode = await runOnEachKernel(
  {
    what: 'the native and helper suites over vnet.ko',
    command: () => ['sh', '-c', script],
    insmod: true,
    // nf_tables: partitions are nft tables in the hosts' namespaces over the module.
    modules: ['veth', 'nf_tables'],
    env: { VNET_BACKEND: 'kmod' },
    reportBuild: false,
    // The helper suite grew with faults, patches and host directories: ~40 tests per kernel under TCG.
    guestTimeoutSeconds: 30 * 60,
    // One at a time: two busy guests on two cores slow TCG enough to upset the timing of a 100 ms round trip.
    sideBySide: false,
  },
  process.argv.slice(2),
);
