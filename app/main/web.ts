/**
 * Web mode: the same renderer and the same core as the Electron app, served
 * over HTTP with the API on a WebSocket. Bound to loopback, guarded by a
 * random token in the URL (as Jupyter does): the page and the socket both
 * need it, anything else gets 403. Used by `vnet serve` and `npm start`.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { NOTIFICATION_NAMES } from '../common/api.js';
import { failureReply } from '../common/ipc.js';
import { WEB_API_PATH, type WebReply, type WebRequest } from '../common/web-protocol.js';
import { createCore, type CoreOptions } from './core.js';
import { defaultConfigDir } from './files.js';
import { findAppRoot, requireBuiltRenderer } from './resources.js';
import { sendText, serveStatic } from './static-files.js';

export interface WebServerOptions extends Partial<Pick<CoreOptions, 'configDir' | 'initial' | 'launcher'>> {
  /** 0: a free port; absent: the last server's (config dir's web.json) if free, else a free one. */
  port?: number;
  /** 127.0.0.1 unless told otherwise (a VM's forwarded port needs the guest's address). */
  host?: string;
  /** Absent: the last server's, else random. */
  token?: string;
  appRoot?: string;
  /** Print the URL on stdout (default true). */
  print?: boolean;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const TOKEN_COOKIE = 'vnet-token';
/** Host names a browser on this machine uses; anything else is refused (DNS rebinding). */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(request: IncomingMessage): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return value;
  }
  return undefined;
}

function requestUrl(request: IncomingMessage): URL | undefined {
  const host = request.headers.host;
  if (!host) return undefined;
  try {
    const url = new URL(request.url ?? '/', `http://${host}`);
    return LOOPBACK_NAMES.has(url.hostname) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The page carries the token in its URL; its assets in the cookie set with the page. */
function authorised(request: IncomingMessage, url: URL, token: string): boolean {
  return sameToken(url.searchParams.get('token'), token) || sameToken(cookieToken(request), token);
}

function refuseUpgrade(socket: Socket): void {
  socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
}

function defaultAppRoot(): string {
  return findAppRoot(fileURLToPath(import.meta.url));
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * The port and token of the last server run with this config dir, so that a
 * restarted server is at the same address with the same token and open pages
 * reconnect to it by themselves. Readable by the user only, as the token is.
 */
interface Endpoint {
  port: number;
  token: string;
}

const endpointFile = (configDir: string) => join(configDir, 'web.json');

async function lastEndpoint(configDir: string): Promise<Partial<Endpoint>> {
  try {
    const saved = JSON.parse(await readFile(endpointFile(configDir), 'utf8')) as Partial<Endpoint>;
    return {
      ...(Number.isInteger(saved.port) && { port: saved.port }),
      ...(typeof saved.token === 'string' && { token: saved.token }),
    };
  } catch {
    return {};
  }
}

async function rememberEndpoint(configDir: string, endpoint: Endpoint): Promise<void> {
  await mkdir(configDir, { recursive: true });
  await writeFile(endpointFile(configDir), JSON.stringify(endpoint), { mode: 0o600 });
}

/** The port asked for, else the last one if it is free, else any free one. */
async function listenAgain(server: Server, port: number | undefined, last: number | undefined, host: string) {
  if (port !== undefined || last === undefined) return listen(server, port ?? 0, host);
  return listen(server, last, host).catch(() => listen(server, 0, host));
}

export async function startWebServer(options: WebServerOptions = {}): Promise<WebServer> {
  const configDir = options.configDir ?? defaultConfigDir();
  const last = await lastEndpoint(configDir);
  const token = options.token ?? last.token ?? randomBytes(24).toString('hex');
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) throw new Error('The token must be 16-128 letters, digits, "-" or "_"');
  const host = options.host ?? '127.0.0.1';
  const core = createCore({ ...options, configDir, appRoot: options.appRoot ?? defaultAppRoot() });
  requireBuiltRenderer(core.paths);

  const server = createServer((request, response) => {
    const url = requestUrl(request);
    if (!url || !authorised(request, url, token))
      return sendText(response, 403, 'Forbidden: open the URL with its token');
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendText(response, 405, 'Method not allowed');
    const cookie = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    void serveStatic(core.paths.renderer, url.pathname, response, { 'Set-Cookie': cookie });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  server.on('upgrade', (request, socket: Socket, head) => {
    const url = requestUrl(request);
    const origin = request.headers.origin;
    const sameOrigin = origin === undefined || origin === `http://${request.headers.host}`;
    if (!url || url.pathname !== WEB_API_PATH || !sameOrigin || !sameToken(url.searchParams.get('token'), token)) {
      return refuseUpgrade(socket);
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });

  sockets.on('connection', (ws: WebSocket) => {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text messages only');
      void answer(ws, data.toString());
    });
    // A tab closed or reloaded: its captures have no reader.
    ws.on('close', () => void core.captures.closeView(ws));
  });

  async function answer(ws: WebSocket, text: string): Promise<void> {
    let request: WebRequest;
    try {
      request = JSON.parse(text) as WebRequest;
      if (typeof request !== 'object' || request === null || !Number.isSafeInteger(request.id)) throw new Error();
    } catch {
      return ws.close(1007, 'malformed message');
    }
    let reply: WebReply;
    try {
      reply = {
        id: request.id,
        ok: true,
        result: (await core.service.handle(request.channel, request.args, ws)) ?? null,
      };
    } catch (error) {
      reply = { id: request.id, ...failureReply(error) };
    }
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
  }

  const unsubscribe = core.helper.subscribe((name, payload) => {
    if (!NOTIFICATION_NAMES.includes(name)) return;
    const message = JSON.stringify({ event: name, payload });
    const only = core.captures.viewOf(name, payload);
    for (const ws of sockets.clients)
      if (ws.readyState === ws.OPEN && (only === undefined || only === ws)) ws.send(message);
  });

  const port = await listenAgain(server, options.port, last.port, host);
  await rememberEndpoint(configDir, { port, token });
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${shownHost}:${port}/?token=${token}`;
  if (options.print !== false) console.log(`vnet designer (web mode): ${url}`);

  return {
    url,
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await core.helper.close();
    },
  };
}
