/**
 * `npm run bench:labs`: what checking a lab costs, per available backend.
 * (a) A 20-node lab (18 hosts, two routers, three subnets) with 30 checks of
 *     every kind, all holding: one checks.run, 10 runs, median and spread
 *     (target < 2 s).
 * (b) 1,000 hosts (samples/campus-1000.json), 100 checks, as `vnet check
 *     --watch` asks them every 3 s: the helper's CPU (utime + stime, its
 *     reaped children included, from /proc/PID/stat) per 3 s window with one
 *     run, beside windows without a run interleaved with them (the idle
 *     helper, under the same load of the machine), as % of one core
 *     (target < 10 %).
 * Prints the figures and writes bench/results/labs.json. A script, not a test.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { CheckInput } from '../../common/checks/schema.js';
import { formatCidr, networkOf, parseCidr } from '../../common/net/ipv4.js';
import type { BackendName, NetworkStatus } from '../../common/protocol/helper.js';
import { readTopology, type Topology } from '../../common/topology/index.js';
import type { HelperClient } from '../../helper/client.js';
import { must } from '../../helper/must.js';
import { benchEachBackend, median, timed } from '../helper/shared.js';

const RUNS = 10;
const WINDOW_MS = 3_000;
const LISTENER = ['socat', 'TCP-LISTEN:8080,fork,reuseaddr', 'EXEC:cat'];

const node = (id: string, kind: 'host' | 'router' | 'switch', processes?: string[][]) => ({
  id,
  kind,
  name: id,
  position: { x: 0, y: 0 },
  processes: processes?.map((argv) => ({ argv })),
});

/** a0-a5 on s1, b0-b5 on s2, c0-c5 on s3; r1 joins s1 and s2, r2 s2 and s3; each x0 serves tcp/8080. */
function labNetwork(): Topology {
  const subnets = ['a', 'b', 'c'];
  const hosts = subnets.flatMap((s, k) => Array.from({ length: 6 }, (_, i) => ({ id: `${s}${i}`, on: `s${k + 1}` })));
  return readTopology({
    version: 1,
    name: 'labcore-bench-lab',
    nodes: [
      ...hosts.map(({ id }) => node(id, 'host', id.endsWith('0') ? [LISTENER] : undefined)),
      node('r1', 'router'),
      node('r2', 'router'),
      ...subnets.map((_, i) => node(`s${i + 1}`, 'switch')),
    ],
    links: [
      ...[...hosts, { id: 'r1', on: 's1' }, { id: 'r1', on: 's2' }, { id: 'r2', on: 's2' }, { id: 'r2', on: 's3' }].map(
        ({ id, on }) => ({ id: `${id}-${on}`, a: { node: id }, b: { node: on } }),
      ),
    ],
  });
}

const addressOf = (status: NetworkStatus, id: string) =>
  must(status.hosts[id]?.interfaces[0]?.address, `the address of ${id}`);
const subnetOf = (status: NetworkStatus, id: string) =>
  formatCidr(networkOf(must(parseCidr(addressOf(status, id)), `the prefix of ${id}`)));

/** 30 checks of every kind that hold on labNetwork() once it runs. */
function labChecks(status: NetworkStatus): CheckInput[] {
  return [
    ...[
      ['a1', 'c3'],
      ['a2', 'c4'],
      ['b1', 'a3'],
      ['b2', 'c5'],
      ['c1', 'a4'],
      ['c2', 'b3'],
      ['r1', 'c1'],
      ['r2', 'a1'],
    ].map(([from = '', to = '']) => ({ kind: 'reachable' as const, from, to })),
    { kind: 'reachable', from: 'a1', to: 'c0', protocol: 'tcp', port: 8080 },
    { kind: 'reachable', from: 'c1', to: 'a0', protocol: 'tcp', port: 8080 },
    { kind: 'reachable', from: 'b1', to: 'a0', protocol: 'tcp', port: 22, expect: false },
    ...['a1', 'a5', 'b4', 'c2', 'c5'].map((id) => ({
      kind: 'address' as const,
      node: id,
      address: addressOf(status, id),
    })),
    ...['a1', 'a2', 'c3'].map((id) => ({ kind: 'route' as const, node: id, to: 'default' })),
    { kind: 'route', node: 'r1', to: subnetOf(status, 'c1') },
    { kind: 'route', node: 'r2', to: subnetOf(status, 'a1') },
    ...['a0', 'b0', 'c0'].map((id) => ({ kind: 'listening' as const, node: id, port: 8080 })),
    ...['a0', 'b0', 'c0'].map((id) => ({ kind: 'process' as const, node: id, program: 'socat' })),
    { kind: 'command', node: 'a2', argv: ['hostname'], expect: { exit: 0, output: '^a2\\s*$' } },
    { kind: 'command', node: 'b3', argv: ['sh', '-c', 'ip -4 -br address | grep -q eth0'], expect: { exit: 0 } },
    { kind: 'link', link: 'a0-s1', up: true, params: { loss: '0%' } },
  ];
}

/** 100 checks over the campus: reachability across it, addresses, routes, the listeners, commands, links. */
function campusChecks(campus: Topology, status: NetworkStatus, listeners: string[]): CheckInput[] {
  const host = (i: number) => `h${1 + ((i * 97) % 1000)}`;
  const range = (count: number) => Array.from({ length: count }, (_, i) => i);
  return [
    ...range(30).map((i) => ({ kind: 'reachable' as const, from: host(i), to: host(i + 500) })),
    ...range(20).map((i) => ({ kind: 'address' as const, node: host(i), address: addressOf(status, host(i)) })),
    ...range(20).map((i) => ({ kind: 'route' as const, node: host(i + 20), to: subnetOf(status, host(i + 20)) })),
    ...listeners.map((id) => ({ kind: 'listening' as const, node: id, port: 8080 })),
    ...listeners.map((id) => ({ kind: 'process' as const, node: id, program: 'socat' })),
    ...range(5).map((i) => ({ kind: 'command' as const, node: host(i), argv: ['true'], expect: { exit: 0 } })),
    ...campus.links.slice(0, 5).map((l) => ({ kind: 'link' as const, link: l.id, up: true })),
  ];
}

/** The helper's CPU time so far, its reaped children's included, in clock ticks. */
function cpuTicks(pid: number): number {
  // The fields after the command name (which may hold spaces); utime is the 14th field of the line.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
}

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** One checks.run of checks that should all hold, timed; any that does not is an error. */
async function runAll(helper: HelperClient, checks: CheckInput[]): Promise<number> {
  const [ms, outcomes] = await timed(() => helper.call('checks.run', { checks }));
  const failing = outcomes.flatMap((o, i) => (o.ok ? [] : [`checks[${i}]: ${o.seen}`]));
  if (failing.length) throw new Error(`checks that should hold do not:\n${failing.join('\n')}`);
  return ms;
}

/** Runs the checks until they all hold (listeners started, neighbours resolved): runs it took, said when more than one. */
async function settle(helper: HelperClient, checks: CheckInput[], what: string): Promise<void> {
  for (let run = 1; ; run++) {
    try {
      await runAll(helper, checks);
      if (run > 1) console.log(`  (${what}: the checks held from run ${run} on)`);
      return;
    } catch (error) {
      if (run === 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

const spread = (xs: number[], digits = 0) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${median(s).toFixed(digits)} (min ${s[0]?.toFixed(digits)}, max ${s.at(-1)?.toFixed(digits)})`;
};

async function benchLab(helper: HelperClient, backend: BackendName) {
  const { status } = await helper.call('network.apply', { topology: labNetwork(), backend });
  const checks = labChecks(status);
  await settle(helper, checks, '20-node lab');
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await runAll(helper, checks));
  await helper.call('network.stop', { purge: true });
  console.log(
    `${backend}: 20-node lab, ${checks.length} checks: one checks.run ${spread(times)} ms over ${RUNS} runs (target < 2000 ms)`,
  );
  return times.map((t) => Math.round(t));
}

async function benchWatch(helper: HelperClient, backend: BackendName) {
  const campus = readTopology({
    ...JSON.parse(readFileSync(new URL('../../samples/campus-1000.json', import.meta.url), 'utf8')),
    name: 'labcore-bench-campus',
  });
  const { status } = await helper.call('network.apply', { topology: campus, backend });
  const listeners = Array.from({ length: 10 }, (_, i) => `h${100 * i + 7}`);
  for (const host of listeners) await helper.call('process.exec', { host, argv: LISTENER });
  const checks = campusChecks(campus, status, listeners);
  await settle(helper, checks, '1,000 hosts');
  const pid = must(helper.pid, "the helper's pid");
  const watch: number[] = [];
  const idle: number[] = [];
  const runs: number[] = [];
  for (let window = 0; window < 2 * RUNS; window++) {
    const [ticks, start] = [cpuTicks(pid), performance.now()];
    if (window % 2 === 0) runs.push(await runAll(helper, checks));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, WINDOW_MS - (performance.now() - start))));
    const percent = ((cpuTicks(pid) - ticks) / TICKS_PER_SECOND / ((performance.now() - start) / 1000)) * 100;
    (window % 2 === 0 ? watch : idle).push(percent);
  }
  await helper.call('network.stop', { purge: true });
  console.log(`${backend}: 1,000 hosts, ${checks.length} checks every 3 s: each run ${spread(runs)} ms`);
  console.log(`${backend}:   helper CPU per 3 s window with a run: ${spread(watch, 1)} % of a core (target < 10 %)`);
  console.log(
    `${backend}:   idle windows between them:          ${spread(idle, 1)} % of a core; watch - idle = ${(median(watch) - median(idle)).toFixed(1)} points`,
  );
  return {
    runMs: runs.map(Math.round),
    watchCpuPercent: watch.map((p) => Number(p.toFixed(1))),
    idleCpuPercent: idle.map((p) => Number(p.toFixed(1))),
  };
}

async function main(): Promise<void> {
  await benchEachBackend('labs', async (helper, backend) => ({
    lab20RunMs: await benchLab(helper, backend),
    watch1000: await benchWatch(helper, backend),
  }));
}

main().catch((error: Error) => {
  console.error(`bench:labs: ${error.message}`);
  process.exit(1);
});
