/**
 * Whether the kmod backend can run here, and why not. When /dev/vnet is
 * absent and the kernel loads modules, vnet.ko is loaded from the install
 * (next to the helper) or from the checkout's build for this kernel; the
 * addon refuses a module of another ABI.
 */
import { existsSync } from 'node:fs';
import { release } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath } from 'node:url';
import { everyEmulatedParam } from '../../common/topology/link-params.js';
import { openVnet } from '../../native/index.js';
import { run } from '../run.js';
import type { BackendOption } from '../backend.js';
import { KMOD_PARAMS, KmodBackend } from './backend.js';

const DEVICE = '/dev/vnet';
const NO_PARAMS = everyEmulatedParam(false);

/** vnet.ko next to the running helper, else kmod/build/<release>/vnet.ko in a directory above it. */
export function moduleCandidates(from = dirname(fileURLToPath(import.meta.url))): string[] {
  const candidates = [join(dirname(process.argv[1] ?? from), 'vnet.ko')];
  for (let dir = from; ; dir = dirname(dir)) {
    candidates.push(join(dir, 'kmod', 'build', release(), 'vnet.ko'));
    if (dir === parse(dir).root) return candidates;
  }
}

/**
 * Loads vnet.ko if the device is missing: a file beside the helper or in the checkout, else the one a
 * package installed through DKMS (modprobe; unloaded since, or not loaded since boot). Resolves to why it
 * could not, or undefined.
 */
async function ensureModule(): Promise<string | undefined> {
  if (existsSync(DEVICE)) return undefined;
  if (!existsSync('/proc/modules')) return 'this kernel cannot load modules';
  const path = moduleCandidates().find((p) => existsSync(p));
  try {
    await run(path ? ['insmod', path] : ['modprobe', 'vnet']);
  } catch (error) {
    const { message } = error as Error;
    if (path) return `loading ${path} failed: ${message}`;
    // modprobe's "Module vnet not found in directory /lib/modules/…"
    if (/\bnot found\b/.test(message)) return `the vnet module is not loaded, nor built or installed for kernel ${release()}`;
    return `loading the installed vnet module failed: ${message}`;
  }
  for (let i = 0; i < 20 && !existsSync(DEVICE); i++) await new Promise((r) => setTimeout(r, 50));
  return existsSync(DEVICE) ? undefined : `${path ?? 'vnet'} loaded but ${DEVICE} did not appear`;
}

export async function kmodOption(): Promise<BackendOption> {
  const unavailable = (reason: string): BackendOption => ({
    support: { available: false, reason, params: NO_PARAMS },
    create: () => {
      throw new Error(`the kmod backend is not available: ${reason}`);
    },
  });
  const missing = await ensureModule();
  if (missing) return unavailable(missing);
  try {
    const device = openVnet(DEVICE);
    const { abi, features } = device;
    device.close();
    return {
      support: { available: true, params: KMOD_PARAMS },
      abi,
      create: () => new KmodBackend(DEVICE, features),
    };
  } catch (error) {
    return unavailable(`${DEVICE}: ${(error as Error).message}`);
  }
}
