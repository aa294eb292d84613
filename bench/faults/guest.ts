/**
 * bench:faults over the module where this kernel has none: the same script
 * in a guest of the newest pinned kernel with vnet.ko loaded, which prints
 * its figures as it goes and hands them back on one marked line.
 */
import { ensureVmDebs } from '../../tools/vm/debs.js';
import { buildModule } from '../../tools/vm/kmod-build.js';
import { newestKernel } from '../../tools/vm/kernels.js';
import { repoRoot } from '../../tools/vm/paths.js';
import { runInVm } from '../../tools/vm/qemu.js';

/** Set in the guest: the script measures the module only and prints GUEST_FIGURES. */
export const IN_GUEST = 'VNET_BENCH_FAULTS_IN_GUEST';
const GUEST_FIGURES = 'bench-faults-figures ';

export function handBack(figures: object): void {
  console.log(GUEST_FIGURES + JSON.stringify(figures));
}

export async function kmodInGuest(): Promise<Record<string, unknown>> {
  ensureVmDebs([newestKernel]);
  const module = buildModule(newestKernel);
  console.log(`kmod: measured in a guest of ${newestKernel.release} under QEMU TCG (slower than a real machine)`);
  let output = '';
  const result = await runInVm({
    kernel: newestKernel,
    command: ['node_modules/.bin/tsx', 'bench/faults/run.ts'],
    cwd: repoRoot,
    // No nf_tables: partitions over the module are the module's own table.
    modules: [],
    insmod: [module],
    forwards: [],
    env: { [IN_GUEST]: '1' },
    stdin: false,
    timeoutSeconds: 3600,
    onOutput: (chunk) => {
      output += chunk.toString();
      process.stdout.write(chunk.toString().replace(new RegExp(`^${GUEST_FIGURES}.*\n`, 'm'), ''));
    },
    showConsole: false,
    kernelArgs: [],
  });
  const line = output.split('\n').find((l) => l.startsWith(GUEST_FIGURES));
  if (result.status !== 0 || !line) throw new Error(`the guest benchmark failed (status ${result.status})`);
  return { kernel: newestKernel.release, ...(JSON.parse(line.slice(GUEST_FIGURES.length)) as object) };
}
