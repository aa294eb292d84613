/**
 * Web mode's transport: the VnetApi over one WebSocket to the server that
 * served this page, authenticated with the token from the page's URL. Same
 * API object as Electron's preload builds (app/common/client.ts).
 */
import { ApiError, type VnetApi } from '../../common/api.js';
import { createApi } from '../../common/client.js';
import { WEB_API_PATH, type WebEvent, type WebReply, type WebRequest } from '../../common/web-protocol.js';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

function socketUrl(page: Location): string {
  const token = new URLSearchParams(page.search).get('token');
  if (!token) throw new Error('This page was opened without its token: use the URL vnet printed (…/?token=…).');
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${page.host}${WEB_API_PATH}?token=${encodeURIComponent(token)}`;
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.addEventListener('open', () => resolve(socket), { once: true });
    socket.addEventListener('error', () => reject(new Error(`Cannot reach the vnet server at ${url.split('?')[0]}`)), {
      once: true,
    });
  });
}

export async function connectWebApi(page: Location = window.location): Promise<VnetApi> {
  const socket = await open(socketUrl(page));
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let closedReason: string | undefined;

  socket.addEventListener('message', (message: MessageEvent<string>) => {
    const data = JSON.parse(message.data) as WebReply | WebEvent;
    if ('event' in data) {
      for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
      return;
    }
    const call = pending.get(data.id);
    pending.delete(data.id);
    if (data.ok) call?.resolve(data.result);
    else call?.reject(new ApiError(data.error, data.code));
  });
  socket.addEventListener('close', (event) => {
    closedReason = `The connection to the vnet server closed (${event.reason || `code ${event.code}`}); reload the page.`;
    for (const call of pending.values()) call.reject(new Error(closedReason));
    pending.clear();
  });

  return createApi({
    kind: 'web',
    invoke(channel, args) {
      if (closedReason) return Promise.reject(new Error(closedReason));
      const request: WebRequest = { id: nextId++, channel, args };
      return new Promise((resolve, reject) => {
        pending.set(request.id, { resolve, reject });
        socket.send(JSON.stringify(request));
      });
    },
    listen(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  });
}
