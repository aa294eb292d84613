import { join } from 'node:path';

/** The repository checkout this harness belongs to (the guest sees it at the same path). */
export const repoRoot: string = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

/** Per-kernel cache: initramfs, uncompressed kernel. */
export function kernelCacheDir(release: string): string {
  return join(repoRoot, '.cache/vm', release);
}
