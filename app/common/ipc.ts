/** Electron IPC conventions shared by main and preload. */

/**
 * Replies travel as values, so an error keeps its own message (not
 * Electron's wrapped one) and, when the helper refused, its JSON-RPC code.
 */
export type IpcReply = { ok: true; result: unknown } | { ok: false; error: string; code?: number };

/** The reply for a call that threw. */
export function failureReply(error: unknown): IpcReply {
  const code = (error as { code?: unknown }).code;
  return { ok: false, error: (error as Error).message, ...(typeof code === 'number' && { code }) };
}

/** Events (notifications, menu commands) go to `event:<name>`. */
export const EVENT_CHANNEL_PREFIX = 'event:';

/** The custom scheme the app is served from (safer than file://: a real origin, our own handler). */
export const APP_SCHEME = 'vnet';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
