/**
 * Electron preload (sandboxed): exposes one object, `window.vnet`, with one
 * function per message. The page never sees ipcRenderer itself; replies come
 * back as { ok, result | error } so errors keep their plain message.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ApiError } from '../common/api.js';
import { createApi } from '../common/client.js';
import { EVENT_CHANNEL_PREFIX, type IpcReply } from '../common/ipc.js';

const api = createApi({
  kind: 'electron',
  async invoke(channel, args) {
    const reply = (await ipcRenderer.invoke(channel, ...args)) as IpcReply;
    if (!reply.ok) throw new ApiError(reply.error, reply.code);
    return reply.result;
  },
  listen(event, listener) {
    const channel = EVENT_CHANNEL_PREFIX + event;
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => ipcRenderer.off(channel, forward);
  },
});

contextBridge.exposeInMainWorld('vnet', api);
