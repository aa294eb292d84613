/**
 * Web mode's messages on the WebSocket (JSON text frames). The renderer
 * sends requests; the server answers each by id and pushes events
 * (helper notifications and the helper's state) as they happen.
 */
import type { AppNotificationName } from './api.js';
import type { IpcReply } from './ipc.js';

export interface WebRequest {
  id: number;
  channel: string;
  args: unknown[];
}

/** Same shape as an Electron reply, plus the request's id. */
export type WebReply = { id: number } & IpcReply;

export interface WebEvent {
  event: AppNotificationName;
  payload: unknown;
}

/** The socket's path; the page's token goes with it as `?token=`. */
export const WEB_API_PATH = '/api';
