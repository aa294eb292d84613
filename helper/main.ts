/**
 * vnet's privileged helper. Line-delimited JSON-RPC 2.0 (common/protocol/
 * helper.ts) on stdin/stdout; with `--socket PATH`, on a unix socket
 * instead, for the command line's background network (`vnet up`).
 *
 * Lifecycle: stdin EOF (stdio mode), SIGTERM, SIGINT and SIGHUP tear the
 * network down and exit; in socket mode so does `network.stop`. For
 * SIGKILL a watchdog outlives us and tears down (lifecycle.ts).
 */
import { lchownSync, rmSync } from 'node:fs';
import net from 'node:net';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { BACKENDS, type BackendName } from '../common/protocol/helper.js';
import { removeLeftovers, startWatchdog } from './lifecycle.js';
import { kmodOption } from './kmod/option.js';
import { NetnsBackend } from './netns/backend.js';
import { probeNetns } from './netns/probe.js';
import { resolveInvoker } from './processes.js';
import { HelperService, type Session } from './service.js';

interface Options {
  socket?: string;
  backend?: BackendName;
}

function backendName(value: string, from: string): BackendName {
  if ((BACKENDS as readonly string[]).includes(value)) return value as BackendName;
  throw new Error(`vnet-helper: ${from} "${value}" is not a backend (${BACKENDS.join(' or ')})`);
}

function parseArgs(argv: string[], env = process.env): Options {
  const options: Options = {};
  if (env.VNET_BACKEND) options.backend = backendName(env.VNET_BACKEND, 'VNET_BACKEND');
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === '--socket' && value) options.socket = argv[++i];
    else if (argv[i] === '--backend' && value) options.backend = backendName(argv[++i] as string, '--backend');
    else
      throw new Error(
        `vnet-helper: unknown argument "${argv[i]}" (usage: vnet-helper [--socket PATH] [--backend kmod|netns])`,
      );
  }
  return options;
}

function serveLines(input: Readable, session: Session, service: HelperService, onEnd: () => void): void {
  service.open(session);
  // A client that vanishes mid-write resets the connection: that ends its session, nothing more.
  input.on('error', () => input.destroy());
  const lines = createInterface({ input, crlfDelay: Infinity });
  lines.on('error', () => lines.close());
  lines.on('line', (line) => void service.handleLine(line, session));
  lines.on('close', () => {
    service.close(session);
    onEnd();
  });
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (process.getuid?.() !== 0) throw new Error('vnet-helper must run as root (start it through pkexec or sudo)');
  startWatchdog();
  await removeLeftovers();
  const [netns, kmod, invoker] = await Promise.all([probeNetns(), kmodOption(), resolveInvoker()]);
  const service = new HelperService(
    {
      netns: { support: netns.support, create: () => new NetnsBackend(netns) },
      kmod,
    } satisfies Record<BackendName, unknown>,
    invoker,
    options.backend,
  );

  let exiting = false;
  const exit = async (code: number) => {
    if (exiting) return;
    exiting = true;
    await service.shutdown().catch((e: Error) => process.stderr.write(`vnet-helper: teardown: ${e.message}\n`));
    if (options.socket) rmSync(options.socket, { force: true });
    process.exit(code);
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void exit(0));

  if (!options.socket) {
    const session: Session = {
      send: (line) => process.stdout.write(line + '\n'),
      backlog: () => process.stdout.writableLength,
    };
    serveLines(process.stdin, session, service, () => void exit(0));
    return;
  }
  const path = options.socket;
  rmSync(path, { force: true });
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    const session: Session = {
      send: (line) => socket.writable && socket.write(line + '\n'),
      backlog: () => socket.writableLength,
    };
    serveLines(socket, session, service, () => socket.destroy());
  });
  service.afterStop = () => void exit(0);
  // Only its user talks to it: the one pkexec or sudo ran it for (root's own socket when root ran it).
  // Made 0600 by the umask and handed over with lchown: the directory may be that user's, who could put a
  // symbolic link in the socket's place for a chmod or chown to follow.
  const umask = process.umask(0o177);
  server.listen(path, () => lchownSync(path, invoker.uid, invoker.gid));
  process.umask(umask);
}

main().catch((error: Error) => {
  process.stderr.write(`vnet-helper: ${error.message}\n`);
  process.exit(1);
});
