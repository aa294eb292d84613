/**
 * What the helper's integration tests share: a real helper, bundled from
 * source (bundle.ts) and started as root, commands run inside its hosts, and
 * counts of what it owns on the machine (namespaces, processes) for the leak
 * checks.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Notifications } from '../../common/protocol/helper.js';
import { foldCounters, type CountersView } from '../../common/protocol/stats.js';
import { readTopology, type Topology, type TopologyInput } from '../../common/topology/index.js';
import { HelperClient, HelperError } from '../client.js';
import { TEST_HELPER_BUNDLE } from './bundle.js';

const HELPER_BUNDLE = fileURLToPath(new URL(`../../${TEST_HELPER_BUNDLE}`, import.meta.url));
const BACKEND = (process.env.VNET_BACKEND ?? 'netns') as 'netns' | 'kmod';
/**
 * Networks of 10,000 hosts take minutes to build and tear down even on an idle machine: `npm test` would
 * not stay under its 30 minutes with them, so they run with `npm run test:large` (VNET_TEST_LARGE=1).
 */
export const LARGE_NETWORKS = process.env.VNET_TEST_LARGE === '1';

const started = new Set<HelperClient>();

function spawnHelper(env: NodeJS.ProcessEnv, args: string[]): HelperClient {
  return HelperClient.start({
    // No --enable-source-maps: reading the bundle's map doubles a helper's start in the TCG guests.
    command: [process.execPath, HELPER_BUNDLE, ...args],
    env: { ...process.env, ...env },
  });
}

/** The helper the tests of a file share (shareHelperInFile): undefined outside such a file. */
let shared: { helper?: HelperClient; handedOut: boolean } | undefined;

/**
 * Starts a helper that closeStartedHelpers() ends: test files register that as their afterEach. In a file
 * that shares one (shareHelperInFile), a test's first helper without env or arguments is the file's.
 */
export function startHelper(env: NodeJS.ProcessEnv = {}, args: string[] = []): HelperClient {
  if (shared && !shared.handedOut && Object.keys(env).length === 0 && args.length === 0) {
    shared.handedOut = true;
    shared.helper ??= spawnHelper({}, []);
    return shared.helper;
  }
  const helper = spawnHelper(env, args);
  started.add(helper);
  return helper;
}

/**
 * The tests of this file share one helper: after each, its network is stopped as at the helper's exit, and
 * what the test's session started (the counter stream, listeners) ends with it; a test that ended or killed
 * it leaves the next a new one. Each test thus starts from a helper without a network, as from a new one,
 * without paying for a start: node, the bundle and the helper's probe namespace cost seconds under TCG, most
 * of a short test in the kmod guests. The test's other helpers are closed after it (closeStartedHelpers).
 */
export function shareHelperInFile(): void {
  beforeAll(() => {
    shared = { handedOut: false };
  });
  afterEach(closeStartedHelpers);
  afterEach(async () => {
    if (!shared?.helper) return;
    const { helper } = shared;
    shared.handedOut = false;
    try {
      await helper.call('network.stop', {});
      await helper.call('stats.subscribe', { hz: 0 });
    } catch {
      // Only a helper that has gone refuses these.
      await helper.exited();
      shared.helper = undefined;
    }
    for (const event of helper.eventNames()) if (event !== 'close') helper.removeAllListeners(event);
  });
  afterAll(async () => {
    const helper = shared?.helper;
    shared = undefined;
    helper?.close();
    await helper?.exited();
  });
}

/** A helper serving a unix socket of the test's own (as `vnet up` starts it); connect() waits until it listens. */
export function startSocketHelper(name: string): { helper: HelperClient; connect(): Promise<HelperClient> } {
  const socket = `/run/vnet/${name}-${process.pid}.sock`;
  const helper = startHelper({}, ['--socket', socket]);
  const connect = async () => {
    for (;;) {
      try {
        return await HelperClient.connect(socket);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  return { helper, connect };
}

/** Closes every helper a test started (killed ones included) and waits until they have exited. */
export async function closeStartedHelpers(): Promise<void> {
  const helpers = [...started];
  started.clear();
  for (const helper of helpers) helper.close();
  await Promise.all(helpers.map((helper) => helper.exited()));
}

export { sample } from '../test-samples.js';

export function topology(input: Partial<TopologyInput>): Topology {
  return readTopology({ version: 1, nodes: [], links: [], ...input });
}

export function node(id: string, kind: 'host' | 'router' | 'switch' | 'hub' = 'host', processes?: string[][]) {
  return { id, kind, name: id, position: { x: 0, y: 0 }, processes: processes?.map((argv) => ({ argv })) };
}

export function link(id: string, a: string, b: string, params: Record<string, number> = {}) {
  return { id, a: { node: a }, b: { node: b }, params };
}

/**
 * Whether a ping from a host reaches a name and comes back: a probe a second until one is answered,
 * for two seconds (one probe with a second to answer failed now and then on a machine at load 15).
 */
export async function pings(client: HelperClient, from: string, to: string): Promise<boolean> {
  return (await runIn(client, from, ['ping', '-c1', '-w2', to])).code === 0;
}

/** What a helper could leave on the machine: namespaces, hosts files, its record and run directory, mounts. */
export function leftovers(pid: number): string[] {
  const mine = (name: string) => name === `vnet-${pid}` || name.startsWith(`vnet-${pid}-`);
  const files = [`/run/vnet/${pid}`, `/run/vnet/${pid}.json`].filter((path) => existsSync(path));
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((line) => line.includes(`/vnet-${pid}`));
  return [...namespacesOf(pid), ...readdirSync('/etc/netns').filter(mine), ...files, ...mounts];
}

/**
 * Each host of a campus (hosts in groups of the same size, each group behind its own switch or router,
 * all joined at a core) with the host it pings: the same place in the group half-way round the core.
 */
export function acrossTheCore(network: Topology): [string, string][] {
  const hosts = network.nodes.filter((n) => n.kind === 'host').map((n) => n.id);
  return hosts.map((host, i) => [host, hosts[(i + hosts.length / 2) % hosts.length] as string]);
}

/** Checks in one checks.run (the request takes at most 10,000). */
const CHECKS_A_RUN = 5_000;

/**
 * Of `pairs` (a host, the name it pings), those whose ping by name got no answer, each with what its
 * check saw: every ping inside its host (the name through the host's own /etc/hosts) as a check of one
 * checks.run, CHECKS_A_RUN at a time, which runs them a few dozen at once.
 */
export async function unreachedByName(
  client: HelperClient,
  pairs: readonly (readonly [string, string])[],
): Promise<string[]> {
  const unreached: string[] = [];
  for (let at = 0; at < pairs.length; at += CHECKS_A_RUN) {
    const batch = pairs.slice(at, at + CHECKS_A_RUN);
    const outcomes = await client.call('checks.run', {
      checks: batch.map(([from, to]) => ({
        kind: 'command' as const,
        node: from,
        argv: ['ping', '-n', '-c1', '-w4', to],
        expect: { exit: 0 },
        timeout: '10s',
      })),
    });
    outcomes.forEach((outcome, i) => {
      if (!outcome.ok) unreached.push(`${batch[i]?.join(' → ')}: ${outcome.seen}`);
    });
  }
  return unreached;
}

/** Echo requests a namespace has received so far (its ICMP InEchos): which direction got through. */
export function echoRequestsSeen(namespace: string): number {
  const snmp = execFileSync('nsenter', [`--net=/run/netns/${namespace}`, 'cat', '/proc/net/snmp'], {
    encoding: 'utf8',
  });
  const [names, values] = snmp.split('\n').filter((l) => l.startsWith('Icmp:'));
  const column = (names ?? '').split(' ').indexOf('InEchos');
  return Number((values ?? '').split(' ')[column]);
}

/** `ip link` of one interface inside a namespace (flags such as NO-CARRIER), its addresses, its routes. */
export function interfaceState(namespace: string, ifname: string): { link: string; addresses: string; routes: string } {
  // Quiet: `ip` complains on stderr that it cannot name a veth peer's namespace.
  const ip = (...args: string[]) =>
    execFileSync('ip', ['-n', namespace, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return {
    link: ip('link', 'show', ifname),
    addresses: ip('-4', '-br', 'addr', 'show', ifname).split(/\s+/).slice(2).join(' ').trim(),
    routes: ip('-4', 'route', 'show'),
  };
}

export async function apply(client: HelperClient, t: Topology) {
  return client.call('network.apply', { topology: t, backend: BACKEND });
}

/** The helper's refusal of a call (the call must fail with a HelperError). */
export async function refusal(call: Promise<unknown>): Promise<HelperError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof HelperError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

export interface RunResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** Runs argv in a host through the helper and collects its output. */
export async function runIn(client: HelperClient, host: string, argv: string[]): Promise<RunResult> {
  const chunks: Notifications['process.output'][] = [];
  const exits: Notifications['process.exit'][] = [];
  const onOutput = (o: Notifications['process.output']) => chunks.push(o);
  let wake: () => void = () => undefined;
  const onExit = (e: Notifications['process.exit']) => {
    exits.push(e);
    wake();
  };
  client.on('process.output', onOutput);
  client.on('process.exit', onExit);
  try {
    const { pid } = await client.call('process.exec', { host, argv });
    let exit = exits.find((e) => e.pid === pid);
    while (exit === undefined) {
      await new Promise<void>((resolve) => (wake = resolve));
      exit = exits.find((e) => e.pid === pid);
    }
    const text = (stream: string) =>
      Buffer.concat(
        chunks.filter((c) => c.pid === pid && c.stream === stream).map((c) => Buffer.from(c.data, 'base64')),
      ).toString();
    return { code: exit.code, signal: exit.signal, stdout: text('stdout'), stderr: text('stderr') };
  } finally {
    client.off('process.output', onOutput);
    client.off('process.exit', onExit);
  }
}

/** Namespaces a helper owns (by its name prefix). */
export function namespacesOf(pid: number): string[] {
  return existsSync('/run/netns')
    ? readdirSync('/run/netns').filter((n) => n === `vnet-${pid}` || n.startsWith(`vnet-${pid}-`))
    : [];
}

/** Pids of processes living in any of the given namespaces. */
export function processesIn(namespaces: string[]): number[] {
  if (namespaces.length === 0) return [];
  const input = namespaces.map((n) => `netns pids ${n}\n`).join('');
  const out = execFileSync('ip', ['-force', '-batch', '-'], {
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  return out.split(/\s+/).filter(Boolean).map(Number);
}

/** Interfaces of a namespace by name → ifindex (to prove which ones a live change recreated). */
export function interfaceIndexes(namespace: string): Map<string, number> {
  const links = JSON.parse(execFileSync('ip', ['-n', namespace, '-j', 'link', 'show'], { encoding: 'utf8' })) as {
    ifname: string;
    ifindex: number;
  }[];
  return new Map(links.map((l) => [l.ifname, l.ifindex]));
}

/** A process that still runs (a zombie waiting for its reaper holds nothing and does not count). */
export function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < timeoutMs;) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

/**
 * Every counter as of the count-th notification from now, or of the first full one after it (all are known
 * then): the stream is subscribed again at 10 Hz, which asks for one.
 */
export async function nextStats(client: HelperClient, count = 1): Promise<CountersView> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    let view: CountersView | undefined;
    let complete = false;
    const on = (s: Notifications['stats']) => {
      view = foldCounters(view, s);
      complete ||= s.full;
      if (++seen < count || !complete) return;
      client.off('stats', on);
      resolve(view);
    };
    client.on('stats', on);
    client.call('stats.subscribe', { hz: 10 }).catch(reject);
  });
}

/** Namespaces a running seed network (three hosts) has: netns adds its fabric's. */
export const SEED_NAMESPACES = BACKEND === 'netns' ? 4 : 3;

/**
 * The round trip a path's delays make, in ms: the shortest of `count` pings from a host to a name (after one
 * that resolves the neighbour). Load on the machine only adds to a ping's time, never takes from a delay.
 */
export async function shortestRtt(client: HelperClient, from: string, to: string, count = 5): Promise<number> {
  await runIn(client, from, ['ping', '-c1', '-W5', to]);
  const run = await runIn(client, from, ['ping', '-c', String(count), '-i', '0.2', to]);
  return Number(/= ([\d.]+)\//.exec(run.stdout)?.[1]);
}

export { BACKEND };
