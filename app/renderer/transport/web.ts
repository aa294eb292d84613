/**
 * Web mode's transport: the VnetApi over one WebSocket to the server that
 * served this page, authenticated with the token from the page's URL. Same
 * API object as Electron's preload builds (app/common/client.ts). When the
 * socket closes (the server stopped) it says so at once, in words, and opens
 * a new one every second until the server answers again.
 */
import { ApiError, CONNECTION_EVENT, type ConnectionState, type VnetApi } from '../../common/api.js';
import { createApi } from '../../common/client.js';
import { WEB_API_PATH, type WebEvent, type WebReply, type WebRequest } from '../../common/web-protocol.js';

/** How often a lost connection is tried again. */
export const RECONNECT_MS = 1000;

export const CONNECTION_LOST =
  'The vnet server stopped (Ctrl+C on npm start, or vnet serve ended): this view cannot reach the network. ' +
  'It reconnects by itself once the server runs again.';

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
  const url = socketUrl(page);
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  /** Undefined while the server cannot be reached. */
  let socket: WebSocket | undefined;

  const emit = (event: string, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const onMessage = (message: MessageEvent<string>) => {
    const data = JSON.parse(message.data) as WebReply | WebEvent;
    if ('event' in data) return emit(data.event, data.payload);
    const call = pending.get(data.id);
    pending.delete(data.id);
    if (data.ok) call?.resolve(data.result);
    else call?.reject(new ApiError(data.error, data.code));
  };
  const reconnect = () =>
    open(url).then(
      (opened) => {
        attach(opened);
        emit(CONNECTION_EVENT, { state: 'connected' } satisfies ConnectionState);
      },
      () => setTimeout(reconnect, RECONNECT_MS),
    );
  const onClose = () => {
    socket = undefined;
    for (const call of pending.values()) call.reject(new ApiError(CONNECTION_LOST));
    pending.clear();
    emit(CONNECTION_EVENT, { state: 'lost', message: CONNECTION_LOST } satisfies ConnectionState);
    setTimeout(reconnect, RECONNECT_MS);
  };
  function attach(opened: WebSocket): void {
    socket = opened;
    opened.addEventListener('message', onMessage);
    opened.addEventListener('close', onClose, { once: true });
  }

  attach(await open(url));
  return createApi({
    kind: 'web',
    invoke(channel, args) {
      if (!socket) return Promise.reject(new ApiError(CONNECTION_LOST));
      const request: WebRequest = { id: nextId++, channel, args };
      const sent = socket;
      return new Promise((resolve, reject) => {
        pending.set(request.id, { resolve, reject });
        sent.send(JSON.stringify(request));
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
