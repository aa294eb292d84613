/**
 * Builds vnet.ko for one pinned kernel with kmod's own Makefile, into the
 * harness's cache (OUT=.cache/vm/<release>/kmod) so a teammate's concurrent
 * `make -C kmod` in kmod/build/ never races with it. kmod's user-space tools
 * do not depend on the kernel: they stay in kmod/build/tools/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { headersDir, type TestKernel } from './kernels.js';
import { kernelCacheDir, repoRoot } from './paths.js';

export const kmodToolsDir = join(repoRoot, 'kmod/build/tools');

/** Held around every make: suites that run at once (npm test's lanes) may build for the same kernel. */
const buildLock = join(repoRoot, '.cache/vm/kmod-build.lock');

/** Runs kmod's Makefile; a failure or any compiler warning throws with the output. */
function make(args: string[]): void {
  mkdirSync(dirname(buildLock), { recursive: true });
  const run = spawnSync('flock', [buildLock, 'make', '-C', join(repoRoot, 'kmod'), ...args], { encoding: 'utf8' });
  const text = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  if (run.status !== 0) throw new Error(`make -C kmod ${args.join(' ')} failed:\n${text}`);
  const warnings = text.split('\n').filter((line) => /\bwarning:/.test(line));
  if (warnings.length) throw new Error(`make -C kmod ${args.join(' ')} warned:\n${warnings.join('\n')}`);
}

/** Builds the module (W=1, warning-free) and the tools; returns the path of vnet.ko. Throws with the compiler output. */
export function buildModule(kernel: TestKernel): string {
  const out = join(kernelCacheDir(kernel.release), 'kmod');
  make(['module', 'W=1', `KDIR=${headersDir(kernel)}`, `OUT=${out}`]);
  make(['tools']);
  const module = join(out, 'vnet.ko');
  if (!existsSync(module)) throw new Error(`the kmod build for ${kernel.release} produced no ${module}`);
  return module;
}
