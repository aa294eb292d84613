/**
 * The Debian kernels the module is built and tested against: the one list the
 * VM harness, the kmod suite and the kmod bench read. Pinned by exact version
 * so a new Debian upload cannot change what CI runs.
 */

export interface TestKernel {
  /** `uname -r` of the kernel, also its /lib/modules and headers name. */
  release: string;
  /** Short name used in test names and on the command line (`--kernel 6.1`). */
  label: string;
  /** Debian suite that carries the packages. */
  suite: 'bookworm-security' | 'bookworm-backports';
}

const bookworm: TestKernel = { release: '6.1.0-56-amd64', label: '6.1', suite: 'bookworm-security' };
const backports: TestKernel = { release: '6.12.95+deb12-amd64', label: '6.12', suite: 'bookworm-backports' };

export const testKernels: TestKernel[] = [bookworm, backports];
export const newestKernel: TestKernel = backports;

export function kernelPackages(kernel: TestKernel): string[] {
  return [`linux-image-${kernel.release}`, `linux-headers-${kernel.release}`];
}

export function headersDir(kernel: TestKernel): string {
  return `/usr/src/linux-headers-${kernel.release}`;
}

/** Finds a pinned kernel by label (`6.12`) or release (`6.12.95+deb12-amd64`). */
export function findKernel(name: string): TestKernel {
  const kernel = testKernels.find((k) => k.label === name || k.release === name);
  if (!kernel) {
    const known = testKernels.map((k) => `${k.label} (${k.release})`).join(', ');
    throw new Error(`unknown kernel "${name}": the pinned test kernels are ${known}`);
  }
  return kernel;
}
