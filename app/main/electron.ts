/**
 * Electron main: one window over the shared core. Everything Electron's
 * security checklist asks for is here: the page comes from our own `vnet://`
 * scheme with a strict CSP header, runs sandboxed and context-isolated
 * without Node, may not navigate, open windows, attach webviews or get
 * permissions, and every IPC message is checked for its sender and its
 * arguments (the latter by the core, as for web mode).
 */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, type IpcMainInvokeEvent } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  APP_CHANNELS,
  DIALOG_CHANNELS,
  HELPER_CALLS,
  MENU_EVENT,
  type DocumentState,
  type HelperState,
  type MenuCommand,
  type MenuEvent,
} from '../common/api.js';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, EVENT_CHANNEL_PREFIX, failureReply, type IpcReply } from '../common/ipc.js';
import { createCore, type Core } from './core.js';
import { buildMenu } from './electron-menu.js';
import { findAppRoot, requireBuiltRenderer } from './resources.js';
import { SECURITY_HEADERS } from './security.js';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
app.enableSandbox();

let window: BrowserWindow | undefined;
let documentState: DocumentState = { title: 'vnet', dirty: false };
let closeAfterSave = false;

function send(channel: string, payload: unknown): void {
  if (window && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL_PREFIX + channel, payload);
}

function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = normalize(join(rendererDir, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname)));
    if (url.host !== APP_HOST || !file.startsWith(rendererDir + sep)) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
    return new Response(response.body, { status: response.status, headers });
  });
}

function lockDown(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  // Copying from a terminal is the one permission the page keeps.
  session.defaultSession.setPermissionCheckHandler(
    (_contents, permission, origin) => permission === 'clipboard-sanitized-write' && origin === APP_ORIGIN,
  );
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

/** Only our own page, in the top frame, may talk to the main process. */
function fromOurPage(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null || event.sender !== window?.webContents) return false;
  // Node's URL gives custom schemes the origin "null", so compare scheme and host.
  const url = new URL(frame.url);
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
}

function registerIpc(core: Core): void {
  const channels = [...HELPER_CALLS, ...APP_CHANNELS, ...DIALOG_CHANNELS];
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<IpcReply> => {
      if (!fromOurPage(event)) return { ok: false, error: `${channel}: refused, not sent by the designer's page` };
      try {
        return { ok: true, result: (await core.service.handle(channel, args, event.sender)) ?? null };
      } catch (error) {
        return failureReply(error);
      }
    });
  }
  core.helper.subscribe((name, payload) => {
    const only = core.captures.viewOf(name, payload);
    if (only === undefined || only === window?.webContents) send(name, payload);
    const helperState = name === 'helper.state' ? (payload as HelperState) : undefined;
    if (helperState?.state === 'failed') {
      dialog.showErrorBox('vnet cannot build networks', `${helperState.message ?? ''}\n\nYou can still draw and save.`);
    }
  });
}

async function refreshMenu(core: Core): Promise<void> {
  if (!window) return;
  // Opening a recent file is the renderer's job (it owns the document): it calls files.open itself.
  const actions = {
    command: (command: MenuCommand) => send(MENU_EVENT, { command } satisfies MenuEvent),
    openRecent: (path: string) => send(MENU_EVENT, { command: 'open-recent', path } satisfies MenuEvent),
  };
  window.setMenu(buildMenu(window, await core.files.recent(), actions));
}

async function confirmClose(event: Electron.Event): Promise<void> {
  if (!documentState.dirty || !window) return;
  event.preventDefault();
  const { response } = await dialog.showMessageBox(window, {
    type: 'warning',
    message: `Save changes to "${documentState.title}" before quitting?`,
    detail: 'Your unsaved edits will be lost otherwise.',
    buttons: ['Save', "Don't Save", 'Cancel'],
    defaultId: 0,
    cancelId: 2,
  });
  if (response === 0) {
    closeAfterSave = true;
    send(MENU_EVENT, { command: 'save' } satisfies MenuEvent);
  } else if (response === 1) {
    documentState = { ...documentState, dirty: false };
    window.close();
  }
}

function createWindow(core: Core): void {
  window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'vnet',
    show: false,
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window?.show());
  // A reloaded or closed page has no reader for its captures.
  const contents = window.webContents;
  contents.on('did-start-loading', () => void core.captures.closeView(contents));
  contents.on('destroyed', () => void core.captures.closeView(contents));
  window.on('close', (event) => void confirmClose(event));
  window.on('closed', () => {
    window = undefined;
  });
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  void refreshMenu(core);
}

function windowHooks(getCore: () => Core) {
  return {
    setDocumentState(state: DocumentState) {
      documentState = state;
      window?.setTitle(`${state.dirty ? '• ' : ''}${state.title} — vnet`);
      void refreshMenu(getCore());
      if (closeAfterSave && !state.dirty) window?.close();
      closeAfterSave = false;
    },
    async chooseOpenPath() {
      if (!window) return null;
      const result = await dialog.showOpenDialog(window, {
        properties: ['openFile'],
        filters: [{ name: 'vnet topology', extensions: ['json'] }],
      });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseSavePath(suggested: string) {
      if (!window) return null;
      const result = await dialog.showSaveDialog(window, {
        defaultPath: suggested,
        filters: [{ name: 'vnet topology', extensions: ['json'] }],
      });
      return result.canceled ? null : (result.filePath ?? null);
    },
  };
}

async function main(): Promise<void> {
  await app.whenReady();
  const fileArgument = process.argv.slice(app.isPackaged ? 1 : 2).find((a) => a.endsWith('.json'));
  const core: Core = createCore({
    appRoot: findAppRoot(app.getAppPath()),
    helperBundle: app.isPackaged ? join(process.resourcesPath, 'helper', 'helper.mjs') : undefined,
    configDir: app.getPath('userData'),
    initial: fileArgument ? { path: fileArgument } : null,
    window: windowHooks(() => core),
  });
  requireBuiltRenderer(core.paths);
  serveRenderer(core.paths.renderer);
  lockDown();
  registerIpc(core);
  createWindow(core);
  app.on('window-all-closed', () => void core.helper.close().finally(() => app.quit()));
}

main().catch((error: unknown) => {
  dialog.showErrorBox('vnet could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
