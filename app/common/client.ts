/**
 * Builds the renderer's VnetApi from a transport's two primitives: invoke a
 * channel with arguments, and listen to an event. The Electron preload and
 * the web transport both use it, so the API has one shape whatever carries it.
 */
import {
  API_METHODS,
  DIALOG_METHODS,
  MENU_EVENT,
  type ApiChannel,
  type AppNotificationName,
  type MenuCommand,
  type MenuEvent,
  type VnetApi,
} from './api.js';

export interface ApiTransport {
  kind: VnetApi['transport'];
  invoke(channel: ApiChannel, args: unknown[]): Promise<unknown>;
  /** Listens to a notification name or MENU_EVENT; returns the unsubscribe function. */
  listen(event: AppNotificationName | typeof MENU_EVENT, listener: (payload: unknown) => void): () => void;
}

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

function group(transport: ApiTransport, name: string, methods: readonly string[]): Record<string, AnyMethod> {
  const entries = methods.map((method) => {
    const channel = `${name}.${method}` as ApiChannel;
    // One function per message, passing exactly the caller's arguments.
    const call: AnyMethod = (...args) => transport.invoke(channel, args);
    return [method, call] as const;
  });
  return Object.fromEntries(entries);
}

export function createApi(transport: ApiTransport): VnetApi {
  const files = group(transport, 'files', [
    ...API_METHODS.files,
    ...(transport.kind === 'electron' ? DIALOG_METHODS : []),
  ]);
  const api = {
    transport: transport.kind,
    helper: group(transport, 'helper', API_METHODS.helper),
    files,
    window: group(transport, 'window', API_METHODS.window),
    on: (name: AppNotificationName, listener: (payload: unknown) => void) => transport.listen(name, listener),
    onMenu: (listener: (command: MenuCommand, path?: string) => void) =>
      transport.listen(MENU_EVENT, (payload) => {
        const { command, path } = payload as MenuEvent;
        listener(command, path);
      }),
  };
  return api as unknown as VnetApi;
}
