/**
 * A web server of a spec's own, beside the suite's: e2e/server.ts as `npm start` runs it, a process of its
 * own on a free port, for specs that stop it or run it as another user.
 */
import { expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  return port;
}

/** Starts the server with env added (`via`: a command it runs under, as `runuser … env PATH=…`); resolves once url answers. */
export async function startServer(url: string, env: Record<string, string>, via: string[] = []): Promise<ChildProcess> {
  const [program = '', ...args] = [...via, process.execPath, '--import', 'tsx', 'e2e/server.ts'];
  const child = spawn(program, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
  const status = () =>
    fetch(url).then(
      (r) => r.status,
      () => 0,
    );
  await expect.poll(status, { timeout: 30_000 }).toBe(200);
  return child;
}

/** Ctrl+C on the server, as a person would; resolves once it has exited. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGINT');
  await exited;
}
