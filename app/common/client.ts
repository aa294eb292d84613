/**
 * Builds the renderer's VnetApi from a transport's two primitives: invoke a
 * channel with arguments, and listen to an event. The Electron preload and
 * the web transport both use it, so the API has one shape whatever carries it.
 */
import {
  APP_CHANNELS,
  BROWSE_CHANNELS,
  CONNECTION_EVENT,
  DIALOG_CHANNELS,
  HELPER_CALLS,
  MENU_EVENT,
  type ApiChannel,
  type AppNotificationName,
  type ConnectionState,
  type MenuCommand,
  type MenuEvent,
  type VnetApi,
} from './api.js';

export interface ApiTransport {
  kind: VnetApi['transport'];
  /** Rejects with an ApiError carrying the refusal's message (and the helper's code, if any). */
  invoke(channel: ApiChannel, args: unknown[]): Promise<unknown>;
  /** Listens to a notification name, MENU_EVENT or CONNECTION_EVENT; returns the unsubscribe function. */
  listen(
    event: AppNotificationName | typeof MENU_EVENT | typeof CONNECTION_EVENT,
    listener: (payload: unknown) => void,
  ): () => void;
}

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/** `{ group: { method: call } }` from `group.method` channels, each call passing exactly the caller's arguments. */
function grouped(transport: ApiTransport, channels: readonly ApiChannel[]): Record<string, Record<string, AnyMethod>> {
  const groups: Record<string, Record<string, AnyMethod>> = {};
  for (const channel of channels) {
    const [group = '', method = ''] = channel.split('.');
    (groups[group] ??= {})[method] = (...args) => transport.invoke(channel, args);
  }
  return groups;
}

export function createApi(transport: ApiTransport): VnetApi {
  const dialog = transport.kind === 'electron' ? DIALOG_CHANNELS : BROWSE_CHANNELS;
  const channels = [...HELPER_CALLS, ...APP_CHANNELS, ...dialog];
  const api = {
    transport: transport.kind,
    ...grouped(transport, channels),
    on: (name: AppNotificationName, listener: (payload: unknown) => void) => transport.listen(name, listener),
    onMenu: (listener: (command: MenuCommand, path?: string) => void) =>
      transport.listen(MENU_EVENT, (payload) => {
        const { command, path } = payload as MenuEvent;
        listener(command, path);
      }),
    onConnection: (listener: (state: ConnectionState) => void) =>
      transport.listen(CONNECTION_EVENT, (payload) => listener(payload as ConnectionState)),
  };
  return api as unknown as VnetApi;
}
