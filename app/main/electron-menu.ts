/** The application menu, in the platform's manner; commands go to the renderer as `menu` events. */
import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../common/api.js';
import type { MENU_ENTRIES } from '../common/menu.js';
import { entryText } from './menu-entries.js';

export interface MenuActions {
  command(command: MenuCommand): void;
  openRecent(path: string): void;
}

export function buildMenu(window: BrowserWindow, recent: string[], actions: MenuActions): Menu {
  const entry = (command: keyof typeof MENU_ENTRIES, mnemonic: string): MenuItemConstructorOptions => ({
    ...entryText(command, mnemonic),
    click: () => actions.command(command),
  });
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? recent.map((path) => ({ label: path, click: () => actions.openRecent(path) }))
    : [{ label: 'No recent files', enabled: false }];
  return Menu.buildFromTemplate([
    {
      label: '&File',
      submenu: [
        entry('new', 'New'),
        entry('open', 'Open'),
        { label: 'Open &Recent', submenu: recentItems },
        { type: 'separator' },
        entry('save', 'Save'),
        entry('save-as', 'as'),
        entry('export-image', 'Export'),
        { type: 'separator' },
        // Closing the window asks about unsaved edits, then quits.
        { label: '&Quit', accelerator: 'CmdOrCtrl+Q', click: () => window.close() },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        entry('undo', 'Undo'),
        entry('redo', 'Redo'),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [entry('zoom-to-fit', 'fit'), { type: 'separator' }, { role: 'togglefullscreen' }],
    },
  ]);
}
