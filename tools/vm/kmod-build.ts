/**
 * Builds vnet.ko for one pinned kernel. The kmod tree is copied under
 * .cache/vm/<release>/ first, so builds for different kernels (and a
 * teammate's `make -C kmod` in the checkout) never overwrite each other.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './initramfs.js';
import { headersDir, type TestKernel } from './kernels.js';
import { repoRoot } from './paths.js';

const buildProducts = /\.(o|ko|mod|mod\.c|cmd|order|symvers)$/;

function findModule(dir: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === 'vnet.ko') return join(entry.parentPath, entry.name);
  }
  return undefined;
}

/** Returns the path of the freshly built vnet.ko; throws with the compiler output on failure. */
export function buildModule(kernel: TestKernel): string {
  const tree = join(cacheDir(kernel), 'kmod');
  rmSync(tree, { recursive: true, force: true });
  cpSync(join(repoRoot, 'kmod'), tree, { recursive: true, filter: (source) => !buildProducts.test(source) });
  try {
    execFileSync('make', ['-C', tree, `KDIR=${headersDir(kernel)}`], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string };
    throw new Error(`make -C kmod KDIR=${headersDir(kernel)} failed:\n${output.stdout ?? ''}${output.stderr ?? ''}`, {
      cause: error,
    });
  }
  const module = findModule(tree);
  if (!module || !existsSync(module)) throw new Error(`the kmod build for ${kernel.release} produced no vnet.ko`);
  return module;
}
