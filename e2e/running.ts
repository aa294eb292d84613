/**
 * Asks the e2e suite's web server what the helper runs, over the same
 * socket and messages as the designer (app/common/web-protocol.ts): what a
 * test checks a view's edits against.
 */
import WebSocket from 'ws';
import type { RunningDocument } from '../common/protocol/helper.js';
import type { WebReply } from '../app/common/web-protocol.js';

const socketUrl = () => `ws://127.0.0.1:${process.env.VNET_E2E_PORT}/api?token=${process.env.VNET_E2E_TOKEN}`;

/** One call on a socket of its own; rejects with the server's message. */
export function call(channel: string, ...args: unknown[]): Promise<unknown> {
  const socket = new WebSocket(socketUrl());
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ id: 1, channel, args })));
    socket.on('message', (data: Buffer) => {
      const reply = JSON.parse(data.toString()) as WebReply | { event: string };
      if ('event' in reply) return;
      socket.close();
      if (reply.ok) resolve(reply.result);
      else reject(new Error(reply.error));
    });
  });
}

/** The document the helper runs now. */
export const runningDocument = () => call('network.get', {}) as Promise<RunningDocument>;
