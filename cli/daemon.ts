/**
 * The background helper behind `vnet up`: a helper listening on a unix
 * socket, detached from the terminal, keeping the network up until
 * `vnet down`. Later commands reach it through the socket.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, rmSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { elevationProblem, HelperClient, helperCommand, type ElevationFailure } from '../helper/client.js';
import { RUN_DIR } from '../helper/lifecycle.js';

/** dist/helper.mjs beside this bundle; from sources (run by tsx) helper/main.ts. */
export function helperScript(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? resolve(dirname(here), '../helper/main.ts') : resolve(dirname(here), 'helper.mjs');
}

export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    /** 2: input that cannot be used (a lab file, a name the network lacks), nothing was done; else 1. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/**
 * The background helper's socket: VNET_SOCKET, else root's /run/vnet/cli.sock,
 * else the user's own /run/vnet/user-UID/cli.sock, so that each user's vnet
 * drives a network of their own, as each has a runtime directory of their own.
 */
export function socketPath(env = process.env, uid = process.getuid?.() ?? 0): string {
  const socket = env.VNET_SOCKET || (uid === 0 ? `${RUN_DIR}/cli.sock` : `${RUN_DIR}/user-${uid}/cli.sock`);
  checkDirectory(dirname(socket), uid);
  return socket;
}

/**
 * A socket's directory must be root's or the user's alone (no one else may
 * write it): in the world-writable /run/vnet another user could have made it
 * first, to answer in the helper's place.
 */
export function trustedDirectory(stat: Pick<Stats, 'uid' | 'mode' | 'isDirectory'>, uid: number): boolean {
  return stat.isDirectory() && (stat.uid === 0 || (stat.uid === uid && (stat.mode & 0o022) === 0));
}

/** Absent is fine: it is made when a network goes up. */
function checkDirectory(dir: string, uid: number): void {
  const stat = lstatSync(dir, { throwIfNoEntry: false });
  if (stat && !trustedDirectory(stat, uid))
    throw new CliError(`${dir}, where your helper's socket goes, is not yours alone: remove it (sudo rm -r ${dir})`);
}

/** Connects to the background helper, or says that no network is up. */
export async function connect(socket: string): Promise<HelperClient> {
  try {
    return await HelperClient.connect(socket);
  } catch {
    throw new CliError(`no network is up (nothing answers on ${socket}); start one with: vnet up FILE`);
  }
}

export async function isUp(socket: string): Promise<boolean> {
  if (!existsSync(socket)) return false;
  const client = await HelperClient.connect(socket).catch(() => undefined);
  client?.close();
  return client !== undefined;
}

/**
 * The background helper's log, in the socket's directory: made only this
 * user's (mode 0700) in /run/vnet, which the packages open to every user.
 */
function openLog(log: string): number {
  const dir = dirname(log);
  try {
    mkdirSync(dirname(dir), { recursive: true });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    checkDirectory(dir, process.getuid?.() ?? 0);
    return openSync(log, 'w');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EACCES') throw error;
    throw new CliError(
      `you may not write ${dir}, where the helper's socket goes: install the vnet package, ` +
        'which makes it for every user, or run vnet as root (sudo vnet up FILE)',
    );
  }
}

/** Starts the background helper and resolves once it answers on the socket. */
export async function startDaemon(socket: string): Promise<HelperClient> {
  const log = `${socket}.log`;
  const out = openLog(log);
  const command = helperCommand(helperScript());
  const [program = '', ...args] = command.argv;
  const child = spawn(program, [...args, '--socket', socket], {
    detached: true,
    env: command.env,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  let failure: ElevationFailure | undefined;
  child.once('error', (e: NodeJS.ErrnoException) => (failure = { spawnError: e.code ?? '' }));
  child.once('exit', (exitCode) => (failure = { exitCode }));
  child.unref();
  for (let waited = 0; waited < 60_000; waited += 100) {
    const client = existsSync(socket) ? await HelperClient.connect(socket).catch(() => undefined) : undefined;
    if (client) return client;
    if (failure) {
      // Gone with the failure: a refused start leaves nothing behind.
      const said = readFileSync(log, 'utf8').trim() || 'no message';
      rmSync(log, { force: true });
      throw new CliError(
        `the helper did not start: ${elevationProblem(command, failure, 'sudo vnet up FILE') ?? said}`,
      );
    }
    await sleep(100);
  }
  child.kill('SIGTERM');
  throw new CliError(`the helper did not answer on ${socket} within a minute (log: ${log})`);
}

/** Waits until the background helper has gone (its socket removed). */
export async function waitGone(socket: string): Promise<void> {
  for (let waited = 0; waited < 60_000 && existsSync(socket); waited += 100) await sleep(100);
}
