/**
 * `vnet`: virtual networks from the command line, for labs and CI.
 *
 *   vnet validate FILE            check a topology document
 *   vnet up FILE [--backend B]    build it; it stays up in the background
 *   vnet status                   state, backend, hosts and addresses
 *   vnet exec HOST -- CMD…        run a command inside a host (exit code passed through)
 *   vnet ps                       processes started by vnet
 *   vnet stats [--json]           counters per host and link
 *   vnet down                     tear the network down
 *   vnet serve [--port N]         the designer in a browser (web mode)
 *
 * VNET_SOCKET overrides the background helper's socket (/run/vnet/cli.sock).
 */
import { readFileSync, rmSync } from 'node:fs';
import { BACKENDS, type BackendName } from '../common/protocol/helper.js';
import { formatProblems, parseTopologyText, type Topology } from '../common/topology/index.js';
import { HelperError } from '../helper/client.js';
import { CliError, connect, isUp, socketPath, startDaemon, waitGone } from './daemon.js';
import { execCommand } from './exec.js';
import { printStats, printStatus, printProcesses } from './print.js';

const USAGE = `usage: vnet validate FILE | up FILE [--backend kmod|netns] | status | exec HOST -- CMD... | ps | stats [--json] | down | serve [--port N]`;

function readDocument(file: string | undefined): Topology {
  if (!file) throw new CliError(`missing FILE\n${USAGE}`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const result = parseTopologyText(text);
  if (!result.ok) throw new CliError(`${file} is not a valid vnet topology:\n${formatProblems(result.problems)}`);
  return result.topology;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new CliError(`${name} needs a value`);
  args.splice(i, 2);
  return value;
}

function backendOption(args: string[]): BackendName | undefined {
  const value = option(args, '--backend');
  if (value === undefined) return undefined;
  if (!(BACKENDS as readonly string[]).includes(value))
    throw new CliError(`--backend must be one of ${BACKENDS.join(', ')}, not "${value}"`);
  return value as BackendName;
}

function requireRoot(command: string): void {
  if (process.getuid?.() !== 0) throw new CliError(`vnet ${command} needs root (network namespaces): run it with sudo`);
}

async function up(args: string[]): Promise<number> {
  const backend = backendOption(args);
  const topology = readDocument(args[0]);
  requireRoot('up');
  const socket = socketPath();
  if (await isUp(socket)) throw new CliError(`a network is already up (${socket}); run vnet down first`);
  const client = await startDaemon(socket);
  try {
    const result = await client.call('network.apply', { topology, backend });
    printStatus(result.status);
    for (const warning of result.warnings) console.error(`warning: ${warning}`);
    return 0;
  } catch (error) {
    await client.call('network.stop', {}).catch(() => undefined);
    await waitGone(socket);
    throw error;
  } finally {
    client.close();
  }
}

async function down(): Promise<number> {
  const socket = socketPath();
  const client = await connect(socket);
  await client.call('network.stop', {});
  client.close();
  await waitGone(socket);
  rmSync(`${socket}.log`, { force: true });
  console.log('network down');
  return 0;
}

async function withClient<T>(use: (client: Awaited<ReturnType<typeof connect>>) => Promise<T>): Promise<T> {
  const client = await connect(socketPath());
  try {
    return await use(client);
  } finally {
    client.close();
  }
}

async function serve(args: string[]): Promise<number> {
  const port = Number(option(args, '--port') ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError('--port must be a port number');
  const { startWebServer } = await import('../app/main/web.js');
  const server = await startWebServer({ port });
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  await server.close();
  return 0;
}

async function run(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'validate': {
      const topology = readDocument(args[0]);
      console.log(`${args[0]}: valid (${topology.nodes.length} nodes, ${topology.links.length} links)`);
      return 0;
    }
    case 'up':
      return up(args);
    case 'down':
      return down();
    case 'status':
      return withClient(async (c) => (printStatus(await c.call('network.status', {})), 0));
    case 'ps':
      return withClient(async (c) => (printProcesses(await c.call('process.list', {})), 0));
    case 'stats':
      return withClient((c) => printStats(c, args.includes('--json')));
    case 'exec':
      return withClient((c) => execCommand(c, args));
    case 'serve':
      return serve(args);
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new CliError(`unknown command "${command}"\n${USAGE}`);
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    const known = error instanceof CliError || error instanceof HelperError;
    console.error(`vnet: ${known ? error.message : (error.stack ?? error.message)}`);
    process.exit(1);
  },
);
