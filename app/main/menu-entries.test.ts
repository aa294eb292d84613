import { describe, expect, it } from 'vitest';
import { entryText } from './menu-entries.js';

describe('entryText', () => {
  it("gives Electron the renderer's label and first key, with the mnemonic marked", () => {
    expect(entryText('save-as', 'as')).toEqual({ label: 'Save &as…', accelerator: 'CmdOrCtrl+Shift+S' });
    expect(entryText('export-image', 'Export')).toEqual({ label: '&Export PNG', accelerator: 'CmdOrCtrl+Shift+E' });
    expect(entryText('zoom-to-fit', 'fit')).toEqual({ label: 'Zoom to &fit', accelerator: 'Shift+1' });
  });

  it('refuses a mnemonic that is not in the label', () => {
    expect(() => entryText('new', 'x')).toThrow('menu: no word "x" in "New"');
  });
});
