/**
 * Builds vnet.ko (and kmod's user-space tools) for one pinned kernel with
 * kmod's own Makefile, which keeps each kernel's objects apart:
 * kmod/build/<release>/vnet.ko, tools in kmod/build/tools/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { headersDir, type TestKernel } from './kernels.js';
import { repoRoot } from './paths.js';

export const kmodToolsDir = join(repoRoot, 'kmod/build/tools');

/** Returns the path of the built vnet.ko; throws with the compiler output on failure. */
export function buildModule(kernel: TestKernel): string {
  const make = `make -C kmod KDIR=${headersDir(kernel)}`;
  try {
    execFileSync('make', ['-C', join(repoRoot, 'kmod'), `KDIR=${headersDir(kernel)}`], { stdio: 'pipe' });
  } catch (error) {
    const output = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`${make} failed:\n${output.stdout?.toString() ?? ''}${output.stderr?.toString() ?? ''}`, {
      cause: error,
    });
  }
  const module = join(repoRoot, 'kmod/build', kernel.release, 'vnet.ko');
  if (!existsSync(module)) throw new Error(`${make} produced no ${module}`);
  return module;
}
