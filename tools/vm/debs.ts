/**
 * The Debian packages the VM harness needs on the host: QEMU and the
 * initramfs tools, the pinned kernels with their headers, and the tools the
 * tests run in the guest from the host root.
 */
import { installDebs } from '../deps/debian.js';
import { kernelPackages, testKernels, type TestKernel } from './kernels.js';

const harnessPackages = [
  'qemu-system-x86',
  'busybox-static',
  'xz-utils',
  'zstd',
  'cpio',
  'kmod',
  'make',
  'gcc',
  'iproute2',
  'iputils-ping',
  'netcat-openbsd',
  'iperf3',
  'socat',
  'procps',
  'nftables',
];

export function vmDebs(kernels: TestKernel[] = testKernels): string[] {
  return [...harnessPackages, ...kernels.flatMap(kernelPackages)];
}

/** Installs what is missing when root; otherwise throws with the apt-get line to run. */
export function ensureVmDebs(kernels: TestKernel[]): void {
  installDebs(vmDebs(kernels));
}
