/** The API the renderer was started with (Electron preload or web transport); set once by main.tsx. */
import type { VnetApi } from '../../common/api.js';

let current: VnetApi | undefined;

export function setApi(api: VnetApi): void {
  current = api;
}

export function api(): VnetApi {
  if (!current) throw new Error('the vnet API is not connected yet');
  return current;
}
