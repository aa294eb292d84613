/** The whole network from the command line: validate, up, apply, status, ps, stats, down, serve. */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ApplyResult, BackendName } from '../common/protocol/helper.js';
import {
  capacityProblems,
  formatProblems,
  parseTopologyText,
  stackNodeCount,
  type Topology,
  type TopologyResult,
} from '../common/topology/index.js';
import { machineCapacity } from '../helper/network/capacity.js';
import { CliError, connect, isUp, socketPath, startDaemon, waitGone } from './daemon.js';
import { printProcesses, printStats, printStatus, printWarnings } from './print.js';
import { explain, withSession } from './session.js';

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

/** The folder of a document file: where its links' programs with a relative file are (network.apply's `directory`). */
const folderOf = (file: string): string => dirname(resolve(file));

function readDocument(file: string): Topology {
  const result = parseTopologyText(readText(file));
  if (!result.ok) throw new CliError(`${file} is not a valid vnet topology:\n${formatProblems(result.problems)}`);
  return result.topology;
}

export function validateCommand(file: string, json: boolean): number {
  const parsed: TopologyResult = parseTopologyText(readText(file));
  // A start here would also need the machine to hold it: said now, as the helper would say it.
  const beyond = parsed.ok ? capacityProblems(stackNodeCount(parsed.topology), machineCapacity()) : [];
  const result: TopologyResult = beyond.length ? { ok: false, problems: beyond } : parsed;
  if (json) {
    console.log(JSON.stringify(result.ok ? { valid: true } : { valid: false, problems: result.problems }));
  } else if (result.ok) {
    console.log(`${file}: valid (${result.topology.nodes.length} nodes, ${result.topology.links.length} links)`);
  } else {
    console.error(`${file} is not a valid vnet topology:\n${formatProblems(result.problems)}`);
  }
  return result.ok ? 0 : 1;
}

export function requireRoot(command: string): void {
  if (process.getuid?.() !== 0) throw new CliError(`vnet ${command} needs root (network namespaces): run it with sudo`);
}

function printApplied(result: ApplyResult, json: boolean): void {
  if (json) return console.log(JSON.stringify(result));
  const lines = (['added', 'removed', 'changed'] as const)
    .filter((what) => result[what].length)
    .map((what) => `${what}: ${result[what].join(', ')}`);
  console.log([...(lines.length ? lines : ['no change']), `revision ${result.status.revision}`].join('\n'));
}

export async function upCommand(file: string, backend: BackendName | undefined, json: boolean): Promise<number> {
  const topology = readDocument(file);
  const socket = socketPath();
  if (await isUp(socket))
    throw new CliError(`a network is already up (${socket}); change it with vnet apply FILE, or run vnet down first`);
  const client = await startDaemon(socket);
  try {
    const result = await client.call('network.apply', { topology, backend, directory: folderOf(file) });
    if (json) console.log(JSON.stringify(result));
    else printStatus(result.status);
    printWarnings(result.warnings);
    return 0;
  } catch (error) {
    await client.call('network.stop', {}).catch(() => undefined);
    await waitGone(socket);
    throw explain(error, 'network.apply');
  } finally {
    client.close();
  }
}

/** An edited document applied to the running network: only the difference is built. */
export function applyCommand(file: string, json: boolean): Promise<number> {
  const topology = readDocument(file);
  return withSession(async (session) => {
    const { state } = await session.call('network.status', {});
    if (state !== 'running') throw new CliError(`the network is ${state}: start one with vnet up FILE`);
    const result = await session.call('network.apply', { topology, directory: folderOf(file) });
    printApplied(result, json);
    printWarnings(result.warnings);
    return 0;
  });
}

export async function downCommand(purge: boolean): Promise<number> {
  const socket = socketPath();
  const client = await connect(socket);
  try {
    await client.call('network.stop', { purge });
  } catch (error) {
    throw explain(error, 'network.stop');
  } finally {
    client.close();
  }
  await waitGone(socket);
  rmSync(`${socket}.log`, { force: true });
  console.log(purge ? 'network down, its directory removed' : 'network down');
  return 0;
}

export function statusCommand(json: boolean): Promise<number> {
  return withSession(async (session) => (printStatus(await session.call('network.status', {}), json), 0));
}

export function psCommand(json: boolean): Promise<number> {
  return withSession(async (session) => (printProcesses(await session.call('process.list', {}), json), 0));
}

export function statsCommand(json: boolean): Promise<number> {
  return withSession((session) => printStats(session.client, json));
}

/** A page left open reconnects to a server restarted at the same port, with the same token (app/main/web.ts). */
export async function serveCommand(port: number | undefined): Promise<number> {
  const { startWebServer } = await import('../app/main/web.js');
  const server = await startWebServer({ port });
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  await server.close();
  return 0;
}
