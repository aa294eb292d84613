/** Electron's menu entries for the renderer's commands, from the one table both read (app/common/menu.ts). */
import { keyText, MENU_ENTRIES } from '../common/menu.js';

/**
 * The label and accelerator of `command`; Alt and the first letter of the label's word `mnemonic`
 * picks it (that letter is marked `&`).
 */
export function entryText(
  command: keyof typeof MENU_ENTRIES,
  mnemonic: string,
): { label: string; accelerator: string } {
  const { label, keys } = MENU_ENTRIES[command];
  const words = label.split(' ');
  const at = words.findIndex((word) => word.startsWith(mnemonic));
  if (at < 0) throw new Error(`menu: no word "${mnemonic}" in "${label}"`);
  words[at] = `&${words[at]}`;
  return { label: words.join(' '), accelerator: keyText(keys[0], 'CmdOrCtrl') };
}
