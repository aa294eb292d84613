/**
 * `npm run bench:routing`: a grid of 50 routers (5 × 10, each linked to its neighbours, one host at
 * each corner) natively over netns, once with OSPF and once with vnet's static routes, rounds of the
 * two interleaved. Per mode: from the start (network.apply sent) until apply returns, until the corner
 * router r0-0 has a route to every subnet, and until every pair of corner hosts reaches each other;
 * then, five times, the link r0-0's route to the far corner takes is cut: until r0-0 routes around it,
 * and until the near corner's host reaches the far one's again (static routes do not go around a cut:
 * they are shown as not within the wait). Medians with their spread, OSPF / static side by side, the
 * load average before and after. A script, not a test.
 *
 *     npm run bench:routing [-- --rounds 3]
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { RoutingMode } from '../../common/topology/index.js';
import { readTopology, type Topology, type TopologyInput } from '../../common/topology/index.js';
import type { HelperClient } from '../../helper/client.js';
import { median, startHelper } from '../helper/shared.js';

const ROWS = 5;
const COLUMNS = 10;
const CUTS = 5;
const MODES = ['ospf', 'static'] as const satisfies readonly RoutingMode[];
type Mode = (typeof MODES)[number];
/** How long a figure is waited for before it is shown as not reached. */
const WAIT_MS = { start: 120_000, cut: 10_000, heal: 60_000 };
const POLL_MS = 20;

const run = promisify(execFile);
const router = (row: number, column: number) => `r${row}-${column}`;
const CORNERS = [
  ['h1', router(0, 0)],
  ['h2', router(0, COLUMNS - 1)],
  ['h3', router(ROWS - 1, 0)],
  ['h4', router(ROWS - 1, COLUMNS - 1)],
] as const;
const NEAR = CORNERS[0];
const FAR = CORNERS[3];

function grid(routing: Mode): Topology {
  const doc: TopologyInput = { version: 1, name: `bench-routing-${routing}`, nodes: [], links: [], routing };
  const at = (x: number, y: number) => ({ x: x * 150, y: y * 150 });
  for (let row = 0; row < ROWS; row++)
    for (let column = 0; column < COLUMNS; column++) {
      const id = router(row, column);
      doc.nodes.push({ id, kind: 'router', name: id, position: at(column + 1, row + 1) });
      const neighbours = [column > 0 && router(row, column - 1), row > 0 && router(row - 1, column)];
      for (const other of neighbours.filter((n) => n !== false))
        doc.links.push({ id: `${other}--${id}`, a: { node: other }, b: { node: id } });
    }
  for (const [host, corner] of CORNERS) {
    const [row, column] = corner.slice(1).split('-').map(Number) as [number, number];
    doc.nodes.push({ id: host, kind: 'host', name: host, position: at(column === 0 ? 0 : COLUMNS + 1, row + 1) });
    doc.links.push({ id: `${host}--${corner}`, a: { node: host }, b: { node: corner } });
  }
  return readTopology(doc);
}

interface Route {
  dst: string;
  gateway?: string;
  nexthops?: { gateway?: string }[];
}

type Status = { hosts: Record<string, { namespace: string; interfaces: { address?: string; linkId: string }[] }> };

async function routes(namespace: string): Promise<Route[]> {
  const { stdout } = await run('ip', ['-n', namespace, '-4', '-j', 'route', 'show']);
  return JSON.parse(stdout || '[]') as Route[];
}

const gateways = (route: Route | undefined) =>
  route ? [route.gateway, ...(route.nexthops ?? []).map((n) => n.gateway)].filter((g) => g !== undefined) : [];

async function reaches(namespace: string, address: string): Promise<boolean> {
  return run('nsenter', [`--net=/run/netns/${namespace}`, 'ping', '-n', '-c1', '-W1', address]).then(
    () => true,
    () => false,
  );
}

/** Milliseconds from `start` until `check` holds, polled; NaN when it does not within `waitMs`. */
async function until(start: number, waitMs: number, check: () => Promise<boolean>): Promise<number> {
  while (performance.now() - start < waitMs) {
    if (await check()) return performance.now() - start;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return NaN;
}

const addressOf = (status: Status, host: string, link?: string) =>
  (status.hosts[host]?.interfaces.find((i) => link === undefined || i.linkId === link)?.address ?? '').split('/')[0] ??
  '';
const subnetOf = (cidr: string) => cidr.replace(/\.\d+\/24$/, '.0/24');

interface Figures {
  applied: number;
  everyPrefix: number;
  cornersReach: number;
  routedAround: number[];
  reachedAgain: number[];
}

async function cornersReach(status: Status): Promise<boolean> {
  for (const [i, [from]] of CORNERS.entries())
    for (const [to] of CORNERS.slice(i + 1))
      if (!(await reaches(status.hosts[from]?.namespace ?? '', addressOf(status, to)))) return false;
  return true;
}

/**
 * Cuts the link r0-0's route to the far corner takes; times the way round; heals it, and waits until
 * r0-0 reaches the subnet of another of that neighbour's links through it again (its one best way).
 */
async function cut(helper: HelperClient, topology: Topology, status: Status, figures: Figures): Promise<void> {
  const namespace = status.hosts[NEAR[1]]?.namespace ?? '';
  const routeTo = async (subnet: string) => (await routes(namespace)).find((r) => r.dst === subnet);
  const farSubnet = subnetOf(status.hosts[FAR[0]]?.interfaces[0]?.address ?? '');
  const gateway = gateways(await routeTo(farSubnet))[0];
  const ends = (l: Topology['links'][number]) => [l.a.node, l.b.node];
  const neighbour = topology.links
    .filter((l) => ends(l).includes(NEAR[1]))
    .flatMap((l) => ends(l).filter((n) => n !== NEAR[1] && addressOf(status, n, l.id) === gateway))[0];
  const link = topology.links.find((l) => ends(l).includes(NEAR[1]) && neighbour && ends(l).includes(neighbour));
  const beyond = topology.links.find((l) => l !== link && neighbour && ends(l).includes(neighbour));
  if (!link || !beyond || gateway === undefined) throw new Error(`${NEAR[1]} has no route to ${farSubnet}`);
  const beyondSubnet = subnetOf(
    status.hosts[neighbour ?? '']?.interfaces.find((i) => i.linkId === beyond.id)?.address ?? '',
  );
  const cutDoc = { ...topology, links: topology.links.map((l) => (l === link ? { ...l, up: false } : l)) };
  const start = performance.now();
  await helper.call('network.apply', { topology: cutDoc, backend: 'netns' });
  const around = async () => {
    const hops = gateways(await routeTo(farSubnet));
    return hops.length > 0 && !hops.includes(gateway);
  };
  figures.routedAround.push(await until(start, WAIT_MS.cut, around));
  const near = status.hosts[NEAR[0]]?.namespace ?? '';
  figures.reachedAgain.push(await until(start, WAIT_MS.cut, () => reaches(near, addressOf(status, FAR[0]))));
  await helper.call('network.apply', { topology, backend: 'netns' });
  const healed = await until(performance.now(), WAIT_MS.heal, async () =>
    gateways(await routeTo(beyondSubnet)).includes(gateway),
  );
  if (Number.isNaN(healed)) throw new Error(`${NEAR[1]} did not take ${link.id} again once it was healed`);
}

async function round(routing: Mode): Promise<Figures> {
  const topology = grid(routing);
  const helper = startHelper();
  try {
    await helper.call('helper.version', {});
    const start = performance.now();
    const { status } = (await helper.call('network.apply', { topology, backend: 'netns' })) as { status: Status };
    const applied = performance.now() - start;
    const namespace = status.hosts[NEAR[1]]?.namespace ?? '';
    const subnets = new Set(
      Object.values(status.hosts).flatMap((h) => h.interfaces.flatMap((i) => (i.address ? [subnetOf(i.address)] : []))),
    );
    const everyPrefix = await until(start, WAIT_MS.start, async () => {
      const known = new Set((await routes(namespace)).map((r) => r.dst));
      return [...subnets].every((s) => known.has(s));
    });
    const figures: Figures = {
      applied,
      everyPrefix,
      cornersReach: await until(start, WAIT_MS.start, () => cornersReach(status)),
      routedAround: [],
      reachedAgain: [],
    };
    for (let i = 0; i < CUTS; i++) await cut(helper, topology, status, figures);
    await helper.call('network.stop', { purge: true });
    return figures;
  } finally {
    helper.close();
    await helper.exited();
  }
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const seconds = (ms: number) => (Number.isNaN(ms) ? 'not within the wait' : `${(ms / 1000).toFixed(2)} s`);

/** A figure's median per mode (of the times reached within `waitMs`) with its spread, and OSPF / static. */
function report(label: string, waitMs: number, values: Record<Mode, number[]>): void {
  console.log(label);
  const medians = MODES.map((mode) => {
    const reached = values[mode].filter((x) => !Number.isNaN(x));
    const missed = values[mode].length - reached.length;
    const spread = reached.length > 1 ? ` (${seconds(Math.min(...reached))}-${seconds(Math.max(...reached))})` : '';
    const note = missed
      ? `${reached.length ? '; ' : ''}${missed} of ${values[mode].length} not within ${seconds(waitMs)}`
      : '';
    console.log(`  ${mode}: ${reached.length ? seconds(median(reached)) : ''}${spread}${note}`);
    return median(reached);
  });
  const [ospf = NaN, fixed = NaN] = medians;
  console.log(`  ospf / static: ${Number.isNaN(ospf / fixed) ? 'n/a' : `${(ospf / fixed).toFixed(2)}×`}`);
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench:routing needs root (network namespaces)');
  const at = process.argv.indexOf('--rounds');
  const rounds = Number(at >= 0 ? process.argv[at + 1] : '3');
  if (!(rounds >= 1)) throw new Error('--rounds takes a count');
  console.log(`load average before: ${loadAverage()}`);
  console.log(
    `${ROWS * COLUMNS} routers (${ROWS} × ${COLUMNS} grid), a host at each corner, netns; ${rounds} round(s) a mode, interleaved; ${CUTS} cuts a round`,
  );
  const runs: Record<Mode, Figures[]> = { ospf: [], static: [] };
  for (let r = 0; r < rounds; r++)
    for (const mode of MODES) {
      const figures = await round(mode);
      runs[mode].push(figures);
      console.log(
        `round ${r + 1}, ${mode}: applied ${seconds(figures.applied)}, every prefix ${seconds(figures.everyPrefix)}, corners reach ${seconds(figures.cornersReach)} (load ${loadAverage()})`,
      );
    }
  const figure = (label: string, waitMs: number, pick: (f: Figures) => number[]) =>
    report(label, waitMs, { ospf: runs.ospf.flatMap(pick), static: runs.static.flatMap(pick) });
  figure('start → network.apply returned', WAIT_MS.start, (f) => [f.applied]);
  figure(`start → ${NEAR[1]} has a route to every subnet`, WAIT_MS.start, (f) => [f.everyPrefix]);
  figure('start → every pair of corner hosts reaches each other', WAIT_MS.start, (f) => [f.cornersReach]);
  const cuts = '(every cut of every round; static routes do not go around a cut)';
  figure(`link cut → ${NEAR[1]} routes around it ${cuts}`, WAIT_MS.cut, (f) => f.routedAround);
  figure(`link cut → ${NEAR[0]} reaches ${FAR[0]} again ${cuts}`, WAIT_MS.cut, (f) => f.reachedAgain);
  console.log(`load average after: ${loadAverage()}`);
}

await main();
