/**
 * `npm run test:kmod`: for each pinned kernel, build vnet.ko against its
 * headers, boot it in QEMU and run kmod/tests/run.sh there. The kernels run
 * side by side (the tests mostly wait on timers, so two guests share the CPUs
 * well); their results are then printed as one TAP stream, kernel by kernel,
 * names prefixed with the kernel (`ok 3 - [6.12] p2p ping`). Guest output is
 * echoed live to stderr for progress. Narrow the kernels with arguments:
 * `npm run test:kmod -- 6.12`.
 */
import { ensureVmDebs } from './debs.js';
import { buildModule, kmodToolsDir } from './kmod-build.js';
import { findKernel, testKernels, type TestKernel } from './kernels.js';
import { repoRoot } from './paths.js';
import { runInVm, type VmResult } from './qemu.js';
import { TapMerger } from './tap.js';

/** Per kernel, both at once: inside npm test's budget for the suite. */
const guestTimeoutSeconds = 20 * 60;

interface KernelRun {
  kernel: TestKernel;
  buildError?: string;
  output: Buffer[];
  result?: VmResult;
}

/** Prefixes every line of a chunked stream, wherever the chunks split it. */
function lineLabeller(prefix: string): (text: string) => string {
  let atLineStart = true;
  return (text) => {
    const labelled = text.replace(/\n(?=.)/g, `\n${prefix}`);
    const result = (atLineStart && text ? prefix : '') + labelled;
    atLineStart = text.endsWith('\n') || (atLineStart && !text);
    return result;
  };
}

async function runKernel(kernel: TestKernel): Promise<KernelRun> {
  const run: KernelRun = { kernel, output: [] };
  const progress = lineLabeller(`[${kernel.label}] `);
  let module: string;
  try {
    module = buildModule(kernel);
  } catch (error) {
    run.buildError = String(error);
    return run;
  }
  run.result = await runInVm({
    kernel,
    command: ['kmod/tests/run.sh', module],
    cwd: repoRoot,
    modules: [],
    insmod: [],
    forwards: [],
    env: { VNET_KO: module, VNET_TOOLS: kmodToolsDir },
    stdin: false,
    timeoutSeconds: guestTimeoutSeconds,
    onOutput: (chunk) => {
      run.output.push(chunk);
      process.stderr.write(progress(chunk.toString()));
    },
    showConsole: false,
    kernelArgs: [],
  });
  return run;
}

function report(run: KernelRun, tap: TapMerger): void {
  const { kernel, result } = run;
  const label = kernel.label;
  tap.report(run.buildError === undefined, `[${label}] vnet.ko builds warning-free (W=1) against ${kernel.release}`);
  if (run.buildError !== undefined) console.log(run.buildError.replace(/^/gm, '# '));
  if (!result) return;
  const stream = tap.stream(label);
  run.output.forEach((chunk) => stream.push(chunk));
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
  const runs = await Promise.all(kernels.map(runKernel));
  const tap = new TapMerger();
  runs.forEach((run) => report(run, tap));
  process.exitCode = tap.finish() > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.log(`not ok 1 - kmod suite: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
