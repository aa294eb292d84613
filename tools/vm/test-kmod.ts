/**
 * `npm run test:kmod`: for each pinned kernel, build vnet.ko against its
 * headers, boot it in QEMU and run kmod/tests/run.sh there. Prints one TAP
 * stream, test names prefixed with the kernel (`ok 3 - [6.12] p2p ping`).
 * Kernels can be narrowed on the command line: `test:kmod -- 6.12`.
 */
import { ensureVmDebs } from './debs.js';
import { buildModule } from './kmod-build.js';
import { findKernel, testKernels, type TestKernel } from './kernels.js';
import { repoRoot } from './paths.js';
import { runInVm } from './qemu.js';
import { TapMerger } from './tap.js';

/** Per kernel; the whole suite (both kernels) must stay well inside npm test's budget. */
const guestTimeoutSeconds = 330;

async function testKernel(kernel: TestKernel, tap: TapMerger): Promise<void> {
  const label = kernel.label;
  let module: string;
  try {
    module = buildModule(kernel);
    tap.report(true, `[${label}] vnet.ko builds against ${kernel.release}`);
  } catch (error) {
    tap.report(false, `[${label}] vnet.ko builds against ${kernel.release}`);
    console.log(String(error).replace(/^/gm, '# '));
    return;
  }
  const stream = tap.stream(label);
  const result = await runInVm({
    kernel,
    command: ['kmod/tests/run.sh', module],
    cwd: repoRoot,
    modules: [],
    insmod: [],
    forwards: [],
    env: { VNET_KO: module },
    stdin: false,
    timeoutSeconds: guestTimeoutSeconds,
    onOutput: (chunk) => stream.push(chunk),
    showConsole: false,
    kernelArgs: [],
  });
  stream.end();
  const missing = stream.planned === undefined ? 0 : stream.planned - stream.reported;
  if (missing > 0) tap.report(false, `[${label}] ${missing} planned tests never reported`);
  if (result.outcome !== 'exited') tap.report(false, `[${label}] guest finished (${result.outcome})`);
  else if (result.status !== 0 && stream.failedHere === 0)
    tap.report(false, `[${label}] kmod/tests/run.sh exited ${result.status} without a failed test`);
}

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const kernels = names.length > 0 ? names.map(findKernel) : testKernels;
  ensureVmDebs(kernels);
  const tap = new TapMerger();
  for (const kernel of kernels) await testKernel(kernel, tap);
  process.exitCode = tap.finish() > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.log(`not ok 1 - kmod suite: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
