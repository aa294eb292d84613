/**
 * The uncompressed kernel (ELF vmlinux) of a Debian bzImage, cached per
 * kernel. QEMU boots it through its PVH entry point: no BIOS boot loader and
 * no in-guest decompression, which under TCG saves several seconds a boot.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestKernel } from './kernels.js';
import { kernelCacheDir } from './paths.js';

const decompressors: { magic: Buffer; command: string[] }[] = [
  { magic: Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), command: ['zstd', '-dcq'] },
  { magic: Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), command: ['xz', '-dcq'] },
  { magic: Buffer.from([0x1f, 0x8b]), command: ['gzip', '-dcq'] },
];

/** The compressed payload of a bzImage, located by its boot protocol header. */
function payloadOf(bzImage: Buffer, file: string): Buffer {
  if (bzImage.toString('latin1', 0x202, 0x206) !== 'HdrS') throw new Error(`${file} is not a bzImage`);
  const setupSectors = bzImage.readUInt8(0x1f1) || 4;
  const start = (setupSectors + 1) * 512 + bzImage.readUInt32LE(0x248);
  // The build appends the uncompressed size (4 bytes) after the stream.
  return bzImage.subarray(start, start + bzImage.readUInt32LE(0x24c) - 4);
}

export function ensureVmlinux(kernel: TestKernel): string {
  const dir = kernelCacheDir(kernel.release);
  const target = join(dir, 'vmlinux');
  if (existsSync(target)) return target;
  const file = `/boot/vmlinuz-${kernel.release}`;
  const payload = payloadOf(readFileSync(file), file);
  const decompressor = decompressors.find((d) => payload.subarray(0, d.magic.length).equals(d.magic));
  if (!decompressor) throw new Error(`${file}: unknown kernel compression`);
  const [command = '', ...args] = decompressor.command;
  const elf = execFileSync(command, args, { input: payload, maxBuffer: 1 << 30 });
  if (elf.toString('latin1', 1, 4) !== 'ELF') throw new Error(`${file}: the payload is not an ELF kernel`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${target}.${process.pid}`, elf);
  renameSync(`${target}.${process.pid}`, target);
  return target;
}
