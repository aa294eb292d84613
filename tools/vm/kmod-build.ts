/**
 * Builds vnet.ko for one pinned kernel with kmod's own Makefile, into the
 * harness's cache (OUT=.cache/vm/<release>/kmod) so a teammate's concurrent
 * `make -C kmod` in kmod/build/ never races with it. kmod's user-space tools
 * do not depend on the kernel: they stay in kmod/build/tools/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { headersDir, type TestKernel } from './kernels.js';
import { kernelCacheDir, repoRoot } from './paths.js';

export const kmodToolsDir = join(repoRoot, 'kmod/build/tools');

function make(args: string[]): void {
  try {
    execFileSync('make', ['-C', join(repoRoot, 'kmod'), ...args], { stdio: 'pipe' });
  } catch (error) {
    const output = error as { stdout?: Buffer; stderr?: Buffer };
    const text = `${output.stdout?.toString() ?? ''}${output.stderr?.toString() ?? ''}`;
    throw new Error(`make -C kmod ${args.join(' ')} failed:\n${text}`, { cause: error });
  }
}

/** Builds the module and the tools; returns the path of vnet.ko. Throws with the compiler output. */
export function buildModule(kernel: TestKernel): string {
  const out = join(kernelCacheDir(kernel.release), 'kmod');
  make(['module', `KDIR=${headersDir(kernel)}`, `OUT=${out}`]);
  make(['tools']);
  const module = join(out, 'vnet.ko');
  if (!existsSync(module)) throw new Error(`the kmod build for ${kernel.release} produced no ${module}`);
  return module;
}
