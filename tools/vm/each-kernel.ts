/**
 * Runs one TAP-printing command in a guest per pinned kernel, with vnet.ko
 * built for each, side by side or one after the other; their results are
 * then printed as one TAP stream, kernel by kernel, names prefixed with the
 * kernel (`ok 3 - [6.12] p2p ping`). Guest output is echoed live to stderr.
 */
import { ensureVmDebs } from './debs.js';
import { buildModule, kmodToolsDir } from './kmod-build.js';
import { findKernel, testKernels, type TestKernel } from './kernels.js';
import { repoRoot } from './paths.js';
import { runInVm, type VmResult } from './qemu.js';
import { TapMerger } from './tap.js';
import { lineLabeller } from '../test/lines.js';

export interface EachKernelJob {
  /** The command, as named in messages. */
  what: string;
  /** Argv run in the repository; gets the path of the module built for that kernel, and the kernel. */
  command: (module: string, kernel: TestKernel) => string[];
  /** Load vnet.ko before the command (else the command loads it itself). */
  insmod: boolean;
  /** The kernel's own modules to load first. */
  modules: string[];
  env: Record<string, string>;
  /** Count "vnet.ko builds warning-free" as a test of its own (the module's suite does). */
  reportBuild: boolean;
  guestTimeoutSeconds: number;
  /** Both guests at once: for tests that mostly wait on timers, not for ones that keep the CPUs busy. */
  sideBySide: boolean;
}

interface KernelRun {
  kernel: TestKernel;
  buildError?: string;
  output: Buffer[];
  result?: VmResult;
}

async function runKernel(job: EachKernelJob, kernel: TestKernel): Promise<KernelRun> {
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
    command: job.command(module, kernel),
    cwd: repoRoot,
    modules: job.modules,
    insmod: job.insmod ? [module] : [],
    forwards: [],
    env: { ...job.env, VNET_KO: module, VNET_TOOLS: kmodToolsDir },
    stdin: false,
    timeoutSeconds: job.guestTimeoutSeconds,
    onOutput: (chunk) => {
      run.output.push(chunk);
      process.stderr.write(progress.push(chunk.toString()));
    },
    showConsole: false,
    kernelArgs: [],
  });
  process.stderr.write(progress.flush());
  return run;
}

function report(job: EachKernelJob, run: KernelRun, tap: TapMerger): void {
  const { kernel, result } = run;
  const label = kernel.label;
  if (job.reportBuild || run.buildError !== undefined)
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
    tap.report(false, `[${label}] ${job.what} exited ${result.status} without a failed test`);
}

/** Runs job on the named kernels (all pinned ones when none); prints TAP and returns the exit status. */
export async function runOnEachKernel(job: EachKernelJob, kernelNames: string[]): Promise<number> {
  const kernels = kernelNames.length > 0 ? kernelNames.map(findKernel) : testKernels;
  try {
    ensureVmDebs(kernels);
    const runs: KernelRun[] = [];
    if (job.sideBySide) runs.push(...(await Promise.all(kernels.map((kernel) => runKernel(job, kernel)))));
    else for (const kernel of kernels) runs.push(await runKernel(job, kernel));
    const tap = new TapMerger();
    runs.forEach((run) => report(job, run, tap));
    return tap.finish() > 0 ? 1 : 0;
  } catch (error) {
    console.log(`not ok 1 - ${job.what}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
