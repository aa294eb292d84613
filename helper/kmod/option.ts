/**
 * Whether the kmod backend can run here, and why not. This helper does not
 * drive /dev/vnet yet, so it reports the module's presence and stays on
 * the netns backend.
 */
import { existsSync } from 'node:fs';
import type { BackendOption } from '../service.js';

const NO_PARAMS = { delay: false, jitter: false, loss: false, duplicate: false, rate: false };

function unavailableReason(): string {
  if (!existsSync('/proc/modules') && !existsSync('/dev/vnet')) return 'this kernel cannot load modules';
  if (!existsSync('/dev/vnet')) return 'the vnet module is not loaded (/dev/vnet is absent)';
  return 'this helper does not drive /dev/vnet yet';
}

export function kmodOption(): BackendOption {
  return {
    support: { available: false, reason: unavailableReason(), params: NO_PARAMS },
    create: () => {
      throw new Error('the kmod backend is not available');
    },
  };
}
