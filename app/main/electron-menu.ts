/** The application menu, in the platform's manner; commands go to the renderer as `menu` events. */
import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../common/api.js';

export interface MenuActions {
  command(command: MenuCommand): void;
  openRecent(path: string): void;
}

function item(label: string, accelerator: string, run: () => void): MenuItemConstructorOptions {
  return { label, accelerator, click: run };
}

export function buildMenu(window: BrowserWindow, recent: string[], actions: MenuActions): Menu {
  const send = (command: MenuCommand) => () => actions.command(command);
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? recent.map((path) => ({ label: path, click: () => actions.openRecent(path) }))
    : [{ label: 'No recent files', enabled: false }];
  return Menu.buildFromTemplate([
    {
      label: '&File',
      submenu: [
        item('&New', 'CmdOrCtrl+N', send('new')),
        item('&Open…', 'CmdOrCtrl+O', send('open')),
        { label: 'Open &Recent', submenu: recentItems },
        { type: 'separator' },
        item('&Save', 'CmdOrCtrl+S', send('save')),
        item('Save &As…', 'CmdOrCtrl+Shift+S', send('save-as')),
        item('&Export Image…', 'CmdOrCtrl+E', send('export-image')),
        { type: 'separator' },
        // Closing the window asks about unsaved edits, then quits.
        item('&Quit', 'CmdOrCtrl+Q', () => window.close()),
      ],
    },
    {
      label: '&Edit',
      submenu: [
        item('&Undo', 'CmdOrCtrl+Z', send('undo')),
        item('&Redo', 'CmdOrCtrl+Shift+Z', send('redo')),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [
        item('Zoom to &Fit', 'CmdOrCtrl+0', send('zoom-to-fit')),
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
  ]);
}
