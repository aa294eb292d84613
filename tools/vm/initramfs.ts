/**
 * The guest's initramfs: static busybox, the stage-1 init and the modules
 * needed to mount the host root (9p over virtio-pci, overlayfs). Built once per
 * kernel and cached under .cache/vm/<release>/; rebuilt when its inputs change.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { resolveModules } from './modules.js';
import type { TestKernel } from './kernels.js';
import { kernelCacheDir, repoRoot } from './paths.js';

const busybox = '/bin/busybox';
const initScript = join(repoRoot, 'tools/vm/guest/init');
/** virtio_pci is the transport, not a dependency of 9pnet_virtio: asked for by name. */
const bootModules = ['virtio_pci', '9pnet_virtio', '9p', 'overlay'];

function inputsKey(modules: string[]): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(initScript));
  hash.update(`${statSync(busybox).size}:${statSync(busybox).mtimeMs}\n`);
  hash.update(modules.join('\n'));
  return hash.digest('hex');
}

/** Writes one module, decompressed (busybox insmod reads plain .ko only). */
function copyModule(source: string, target: string): void {
  if (source.endsWith('.ko')) copyFileSync(source, target);
  else if (source.endsWith('.ko.xz'))
    writeFileSync(target, execFileSync('xz', ['-dc', source], { maxBuffer: 1 << 28 }));
  else throw new Error(`unsupported module compression: ${source}`);
}

/** Path of an up-to-date initramfs for `kernel`, building it if needed. */
export function ensureInitramfs(kernel: TestKernel): string {
  const modules = resolveModules(kernel.release, bootModules);
  const dir = kernelCacheDir(kernel.release);
  const image = join(dir, 'initramfs.cpio');
  const keyFile = join(dir, 'initramfs.key');
  const key = inputsKey(modules);
  if (existsSync(image) && existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key) return image;

  mkdirSync(dir, { recursive: true });
  const staging = mkdtempSync(join(dir, 'staging-'));
  try {
    for (const sub of ['bin', 'modules', 'proc', 'sys', 'dev']) mkdirSync(join(staging, sub));
    copyFileSync(busybox, join(staging, 'bin/busybox'));
    copyFileSync(initScript, join(staging, 'init'));
    const names = modules.map((path) => {
      const name = basename(path).replace(/\.ko\..*$/, '.ko');
      copyModule(`/lib/modules/${kernel.release}/${path}`, join(staging, 'modules', name));
      return name;
    });
    writeFileSync(join(staging, 'modules/order'), names.join('\n') + '\n');
    const listing = execFileSync('find', ['.', '-mindepth', '1'], { cwd: staging, encoding: 'utf8' });
    const archive = execFileSync('cpio', ['-o', '-H', 'newc', '--owner=0:0', '--quiet'], {
      cwd: staging,
      input: listing,
      maxBuffer: 1 << 28,
    });
    // Written aside then renamed, so a concurrent run never boots half an image.
    writeFileSync(`${image}.${process.pid}`, archive);
    renameSync(`${image}.${process.pid}`, image);
    writeFileSync(keyFile, key);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return image;
}
