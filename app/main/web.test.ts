import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WebReply } from '../common/web-protocol.js';
import { startWebServer, type WebServer } from './web.js';

const REPO = join(import.meta.dirname, '..', '..');

/** An app root with a tiny built renderer and the real samples. */
async function appRoot(dir: string): Promise<string> {
  await mkdir(join(dir, 'dist', 'renderer', 'assets'), { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'vnet' }));
  await writeFile(join(dir, 'dist', 'renderer', 'index.html'), '<!doctype html><title>vnet</title>');
  await writeFile(join(dir, 'dist', 'renderer', 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'not for the browser');
  await symlink(join(REPO, 'samples'), join(dir, 'samples'));
  return dir;
}

function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

function call(socket: WebSocket, channel: string, args: unknown[]): Promise<WebReply> {
  const id = Math.floor(Math.random() * 1e9);
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const reply = JSON.parse(data.toString()) as WebReply;
      if (reply.id !== id) return;
      socket.off('message', onMessage);
      resolve(reply);
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ id, channel, args }));
  });
}

describe('web mode server', () => {
  let dir: string;
  let server: WebServer;
  let base: string;
  let socketUrl: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vnet-web-'));
    server = await startWebServer({
      appRoot: await appRoot(dir),
      configDir: join(dir, 'config'),
      initial: { sample: 'seed' },
      print: false,
    });
    base = `http://127.0.0.1:${server.port}`;
    socketUrl = `ws://127.0.0.1:${server.port}/api?token=${server.token}`;
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('the page', () => {
    it('is bound to loopback and printed with its token', () => {
      expect(server.url).toBe(`${base}/?token=${server.token}`);
      expect(server.token).toMatch(/^[0-9a-f]{48}$/);
    });

    it('is refused without the token or with a wrong one', async () => {
      expect((await fetch(`${base}/`)).status).toBe(403);
      expect((await fetch(`${base}/?token=${'0'.repeat(48)}`)).status).toBe(403);
      expect((await fetch(`${base}/assets/app.js`)).status).toBe(403);
    });

    it('is served with a strict CSP and a cookie that lets its assets load', async () => {
      const page = await fetch(server.url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? '';
      expect(page.headers.get('set-cookie')).toContain('HttpOnly');
      const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie } });
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toContain('text/javascript');
    });

    it('never serves a file outside the renderer', async () => {
      const escaped = await fetch(`${base}/..%2f..%2fsecret.txt?token=${server.token}`);
      expect(escaped.status).toBe(404);
    });

    it('refuses a host name that is not loopback (DNS rebinding)', async () => {
      const { request } = await import('node:http');
      const status = await new Promise<number>((resolve) =>
        request(server.url, { headers: { host: `evil.example:${server.port}` } }, (r) =>
          resolve(r.statusCode ?? 0),
        ).end(),
      );
      expect(status).toBe(403);
    });
  });

  describe('the API socket', () => {
    it('is refused without the token, with a wrong one, or from another origin', async () => {
      await expect(connect(`ws://127.0.0.1:${server.port}/api`)).rejects.toThrow('HTTP 403');
      await expect(connect(`ws://127.0.0.1:${server.port}/api?token=nope`)).rejects.toThrow('HTTP 403');
      await expect(connect(socketUrl, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    });

    it('answers the same messages as the Electron IPC', async () => {
      const socket = await connect(socketUrl, { origin: base });
      const samples = await call(socket, 'files.samples', []);
      expect(samples).toMatchObject({ ok: true });
      expect(samples.ok && (samples.result as { id: string }[]).map((s) => s.id)).toContain('seed');
      const initial = await call(socket, 'files.initial', []);
      expect(initial.ok && (initial.result as { topology: { name: string } }).topology.name).toBe(
        'Three processes, three hosts',
      );
      socket.close();
    });

    it('validates every argument and names what is wrong', async () => {
      const socket = await connect(socketUrl);
      expect(await call(socket, 'files.open', ['relative.json'])).toMatchObject({
        ok: false,
        error: 'files.open: invalid argument 1: must be an absolute path',
      });
      expect(await call(socket, 'files.open', [])).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^files\.open: invalid/),
      });
      expect(await call(socket, 'process.signal', [{ pid: 1, signal: 'SIGNOPE' }])).toMatchObject({
        ok: false,
        error: expect.stringContaining('process.signal: invalid argument 1 signal'),
      });
      expect(await call(socket, 'files.chooseOpenPath', [])).toMatchObject({
        ok: false,
        error: 'Unknown message "files.chooseOpenPath"',
      });
      expect(await call(socket, 'constructor', [])).toMatchObject({
        ok: false,
        error: 'Unknown message "constructor"',
      });
      socket.close();
    });

    it('refuses to open a broken document with the schema message', async () => {
      const socket = await connect(socketUrl);
      const path = join(dir, 'broken.json');
      await writeFile(path, JSON.stringify({ version: 1, nodes: [{ id: 'a' }], links: [] }));
      const reply = await call(socket, 'files.open', [path]);
      expect(reply).toMatchObject({ ok: false, error: expect.stringContaining('nodes[0].kind') });
      socket.close();
    });
  });
});
