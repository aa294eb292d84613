/**
 * `npm run test:kmod`: for each pinned kernel, build vnet.ko against its
 * headers, boot it in QEMU and run kmod/tests/run.sh there (which loads the
 * module itself), as one TAP stream. Narrow the kernels with arguments:
 * `npm run test:kmod -- 6.12`; and the tests with VNET_ONLY, as run.sh reads it:
 * `VNET_ONLY=t_delay npm run test:kmod`.
 */
import { runOnEachKernel } from './each-kernel.js';

process.exitCode = await runOnEachKernel(
  {
    what: 'kmod/tests/run.sh',
    command: (module) => ['kmod/tests/run.sh', module],
    insmod: false,
    modules: [],
    env: process.env.VNET_ONLY ? { VNET_ONLY: process.env.VNET_ONLY } : {},
    reportBuild: true,
    guestTimeoutSeconds: 20 * 60, // per kernel, both at once: inside npm test's budget for the suite
    sideBySide: true, // the tests mostly wait on timers, so two guests share the CPUs well
  },
  process.argv.slice(2),
);
