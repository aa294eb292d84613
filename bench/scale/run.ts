/**
 * `npm run bench:scale`: routed campuses of 1,000, 5,000 and 10,000 hosts
 * (subnets of 100 hosts behind a router each, the routers on a core switch)
 * brought up natively over netns by a helper built in dist/ (`npm run build`
 * first), a fresh one each round. Per size: bring-up and teardown time, the
 * purge of the network's directory, the helper's RSS and open files, kernel memory per host (Slab + PageTables + KernelStack of
 * /proc/meminfo, before and after), a one-link change as a patch, the
 * helper's CPU while it streams the counters at 10 Hz for 10 s, quiet (once
 * the hosts' start-up traffic is over) and busy (a broadcast ping into each
 * subnet), beside the CPU of the kernel's counter dump and of the eBPF counters' read alone (each read as often from this
 * process), and the sizes and JSON times of the messages; medians with their spread, and the
 * 10,000 / 1,000 ratio of each. A script, not a test.
 *
 *     npm run bench:scale [-- --rounds 3] [-- --sizes 1000,10000] [-- --cpu-prof DIR] [-- --helpers A,B]
 *
 * --cpu-prof writes each helper's V8 CPU profile into DIR (node --cpu-prof), to see where it spends.
 * --helpers compares helper bundles (default dist/helper.mjs) side by side: every round runs each, in turn.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readTopology, type Topology } from '../../common/topology/index.js';
import { HelperClient } from '../../helper/client.js';
import { namespacePrefix } from '../../helper/lifecycle.js';
import { BpfCounters, bpfCountersLayout, CounterSocket, linkStats } from '../../native/index.js';
import { routedCampus } from '../../tools/samples/campus.js';
import { cpuSeconds, median, timed } from '../helper/shared.js';

const HELPER = fileURLToPath(new URL('../../dist/helper.mjs', import.meta.url));
const HOSTS_PER_SUBNET = 100;
const STATS_SECONDS = 10;
/** The network counts as quiet once its counters stayed the same this long… */
const QUIET_MS = 2000;
/** …waited for at most this long. */
const QUIET_WAIT_MS = 60_000;
/** Broadcasts a second into each subnet, for the counters of a busy network. */
const BUSY_PPS = 5;
/** One notification in this many is measured. */
const SIZE_EVERY = 5;

interface Figure {
  label: string;
  unit: string;
  target?: string;
  scale?: number;
}

/** What each round measures, in print order. */
const FIGURES = {
  bringUp: { label: 'bring-up', unit: 's', target: '< 30 s', scale: 1 / 1000 },
  stop: { label: 'teardown (network.stop)', unit: 's', target: '< 15 s', scale: 1 / 1000 },
  purge: { label: "purge of the network's directory", unit: 's', scale: 1 / 1000 },
  rss: { label: 'helper RSS', unit: 'MiB', target: '< 500 MiB' },
  fds: { label: 'helper open files', unit: '' },
  kernelPerHost: { label: 'kernel memory per host', unit: 'KiB' },
  patch: { label: 'one-link change (patch, median of 5)', unit: 'ms', target: '< 20 ms' },
  statsCpu: { label: 'helper CPU, counters at 10 Hz, quiet', unit: '% of a core', target: '< 5 %' },
  statsBusyCpu: { label: `helper CPU, counters at 10 Hz, every host receiving ${BUSY_PPS} pps`, unit: '% of a core' },
  dumpCpu: { label: "the kernel's counter dump (read alone, at 10 Hz)", unit: '% of a core' },
  bpfCpu: { label: "the eBPF counters' read (read alone, at 10 Hz)", unit: '% of a core' },
  applyBytes: { label: 'network.apply request', unit: 'KiB', scale: 1 / 1024 },
  getBytes: { label: 'network.get reply', unit: 'KiB', scale: 1 / 1024 },
  statsBytes: { label: 'stats notification, first (full)', unit: 'KiB', scale: 1 / 1024 },
  statsLaterBytes: { label: 'stats notification, quiet (median)', unit: 'KiB', scale: 1 / 1024 },
  statsBusyBytes: { label: 'stats notification, busy (median)', unit: 'KiB', scale: 1 / 1024 },
  stringifyMs: { label: 'client JSON.stringify of the apply request', unit: 'ms' },
  parseMs: { label: 'client JSON.parse of the network.get reply', unit: 'ms' },
} satisfies Record<string, Figure>;
type Figures = Record<keyof typeof FIGURES, number>;

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return (at >= 0 ? process.argv[at + 1] : undefined) ?? fallback;
}

/** Slab, page tables and kernel stacks: what namespaces, devices and their processes cost the kernel. */
function kernelKiB(): number {
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1] ?? NaN);
  return field('Slab') + field('PageTables') + field('KernelStack');
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? NaN) / 1024;
}

function campus(hosts: number, round: number): Topology {
  const doc = routedCampus(hosts / HOSTS_PER_SUBNET, HOSTS_PER_SUBNET);
  return readTopology({ ...doc, name: `bench-scale-${process.pid}-${hosts}-${round}` });
}

/** Five patches of one host's link in the middle of the network; their median time. */
async function patchMs(helper: HelperClient): Promise<number> {
  const running = await helper.call('network.get', {});
  let { revision } = running;
  const link = running.topology.links[Math.floor(running.topology.links.length / 2)];
  if (!link) throw new Error('no link to patch');
  const times: number[] = [];
  for (const loss of [5, 10, 0, 20, 0]) {
    const patched = { ...link, params: { ...link.params, lossPercent: loss } };
    const [ms, result] = await timed(() => helper.call('network.patch', { revision, links: [patched] }));
    if (result.changed.join() !== link.id) throw new Error(`the patch of ${link.id} changed ${result.changed.join()}`);
    revision = result.revision;
    times.push(ms);
  }
  return median(times);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The helper's CPU share over STATS_SECONDS. */
async function cpuOver(pid: number): Promise<number> {
  const start = cpuSeconds(pid);
  await sleep(STATS_SECONDS * 1000);
  return ((cpuSeconds(pid) - start) / STATS_SECONDS) * 100;
}

/**
 * Until the notifications have listed nothing for QUIET_MS (at most QUIET_WAIT_MS): after a bring-up every
 * host solicits routers for about 9 s, each solicitation flooded to every host of its subnet.
 */
async function quiet(entries: () => number): Promise<void> {
  let [seen, since] = [entries(), Date.now()];
  for (const start = Date.now(); Date.now() - since < QUIET_MS && Date.now() - start < QUIET_WAIT_MS;) {
    await sleep(100);
    if (entries() !== seen) [seen, since] = [entries(), Date.now()];
  }
}

/** The broadcast address of an IPv4 interface address (`10.0.3.2/24` → `10.0.3.255`). */
function broadcastOf(cidr: string): string {
  const [address = '', prefix = '32'] = cidr.split('/');
  const value = address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const host = 2 ** (32 - Number(prefix)) - 1;
  const broadcast = value - (value % (host + 1)) + host;
  return [24, 16, 8, 0].map((shift) => Math.floor(broadcast / 2 ** shift) % 256).join('.');
}

/** A broadcast ping in each subnet, BUSY_PPS a second from its first host: every host's counters change at every tick. */
async function busy(helper: HelperClient): Promise<void> {
  const status = await helper.call('network.status', {});
  const senders = new Map<string, string>();
  for (const [id, host] of Object.entries(status.hosts)) {
    const address = host.interfaces[0]?.address;
    if (id.startsWith('h') && address && !senders.has(broadcastOf(address))) senders.set(broadcastOf(address), id);
  }
  for (const [broadcast, host] of senders)
    await helper.call('process.exec', { host, argv: ['ping', '-b', '-q', '-i', String(1 / BUSY_PPS), broadcast] });
}

/**
 * The helper's CPU over STATS_SECONDS of counters at 10 Hz, quiet (after the hosts' start-up traffic) and
 * busy (every host receiving broadcasts), and the sizes of the notifications.
 */
async function statsCost(helper: HelperClient, pid: number) {
  const sizes: number[] = [];
  let [listed, seen] = [0, 0];
  helper.on('stats', (stats) => {
    // The size of one in SIZE_EVERY: a busy network's are large, and this process has them all to read.
    if (seen++ % SIZE_EVERY === 0) sizes.push(JSON.stringify(stats).length);
    listed += Object.keys(stats.hosts).length + Object.keys(stats.links).length;
  });
  await helper.call('stats.subscribe', { hz: 10 });
  await quiet(() => listed);
  const quietFrom = sizes.length;
  const statsCpu = await cpuOver(pid);
  const statsLaterBytes = median(sizes.slice(quietFrom));
  // The pings are started between streams: their requests would wait behind the notifications.
  await helper.call('stats.subscribe', { hz: 0 });
  await busy(helper);
  await helper.call('stats.subscribe', { hz: 10 });
  await sleep(2000);
  const busyFrom = sizes.length;
  const statsBusyCpu = await cpuOver(pid);
  const statsBusyBytes = median(sizes.slice(busyFrom));
  await helper.call('stats.subscribe', { hz: 0 });
  const [dump, bpf] = [dumpCpu(pid), await bpfCpu(pid)];
  return {
    statsCpu,
    statsBusyCpu,
    dumpCpu: dump,
    bpfCpu: bpf,
    statsBytes: sizes[0] ?? NaN,
    statsLaterBytes,
    statsBusyBytes,
  };
}

/** The CPU of `reads` calls of read, as a share of a core at 10 Hz. */
function cpuAt10Hz(read: () => void, reads = 50): number {
  const start = process.cpuUsage();
  for (let i = 0; i < reads; i++) read();
  const used = process.cpuUsage(start);
  return ((used.user + used.system) / 1e6 / reads) * 10 * 100;
}

/** The CPU of the helper's RTM_GETSTATS dump alone, read here from the same fabric as often: what is left without any JS. */
function dumpCpu(pid: number): number {
  const socket = CounterSocket.open(namespacePrefix(pid));
  try {
    return cpuAt10Hz(() => socket.read());
  } finally {
    socket.close();
  }
}

/** The same for the eBPF counters of every fabric device, from a program of this process (NaN where none runs). */
async function bpfCpu(pid: number): Promise<number> {
  const fabric = namespacePrefix(pid);
  const ifindexes = Int32Array.from((await linkStats(fabric)).map((l) => l.ifindex));
  let counters: BpfCounters;
  try {
    counters = BpfCounters.open(fabric);
  } catch {
    return NaN;
  }
  try {
    const totals = new Float64Array(ifindexes.length * bpfCountersLayout().width);
    const changed = new Int32Array(ifindexes.length);
    return cpuAt10Hz(() => counters.read(ifindexes, totals, changed));
  } finally {
    counters.close();
  }
}

async function round(bundle: string, hosts: number, index: number): Promise<Figures> {
  const topology = campus(hosts, index);
  const [stringifyMs, request] = await timed(async () => JSON.stringify({ topology, backend: 'netns' }));
  const profile = option('--cpu-prof', '');
  const profiling = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const helper = HelperClient.start({ command: [process.execPath, ...profiling, bundle] });
  const pid = helper.pid ?? 0;
  try {
    await helper.call('helper.version', {});
    const kernelBefore = kernelKiB();
    const [bringUp] = await timed(() => helper.call('network.apply', { topology, backend: 'netns' }));
    const kernelPerHost = (kernelKiB() - kernelBefore) / hosts;
    const reply = JSON.stringify(await helper.call('network.get', {}));
    const [parseMs] = await timed(async () => JSON.parse(reply) as unknown);
    const patch = await patchMs(helper);
    const stats = await statsCost(helper, pid);
    const rss = rssMiB(pid);
    const fds = readdirSync(`/proc/${pid}/fd`).length;
    const [stop] = await timed(() => helper.call('network.stop', {}));
    const [purge] = await timed(() => helper.call('network.stop', { purge: true }));
    return {
      bringUp,
      stop,
      purge,
      rss,
      fds,
      kernelPerHost,
      patch,
      ...stats,
      applyBytes: request.length,
      getBytes: reply.length,
      stringifyMs,
      parseMs,
    };
  } finally {
    helper.close();
    await helper.exited();
  }
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const shown = (value: number, figure: Figure) => {
  const scaled = value * (figure.scale ?? 1);
  return scaled >= 100 ? scaled.toFixed(0) : scaled.toPrecision(3);
};

function report(sizes: number[], runs: Map<number, Figures[]>): void {
  for (const [key, figure] of Object.entries(FIGURES) as [keyof Figures, Figure][]) {
    const medians = sizes.map((hosts) => {
      const values = (runs.get(hosts) ?? []).map((r) => r[key]);
      const spread =
        values.length > 1 ? ` (${shown(Math.min(...values), figure)}-${shown(Math.max(...values), figure)})` : '';
      console.log(
        `${hosts.toLocaleString('en')} hosts: ${figure.label}: ${shown(median(values), figure)} ${figure.unit}${spread}${figure.target ? `, target at 10,000 ${figure.target}` : ''}`,
      );
      return median(values);
    });
    const first = medians[0] ?? NaN;
    const last = medians[medians.length - 1] ?? NaN;
    if (sizes.length > 1)
      console.log(
        `  ${figure.label}, ${sizes.at(-1)?.toLocaleString('en')} / ${sizes[0]?.toLocaleString('en')} hosts: ${(last / first).toFixed(2)}×`,
      );
  }
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench:scale needs root (network namespaces)');
  const rounds = Number(option('--rounds', '3'));
  const sizes = option('--sizes', '1000,5000,10000').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n / HOSTS_PER_SUBNET) || n <= 0) || !(rounds >= 1))
    throw new Error(`--sizes takes multiples of ${HOSTS_PER_SUBNET}, --rounds a count`);
  const helpers = option('--helpers', HELPER).split(',');
  console.log(`load average before: ${loadAverage()}; ${rounds} round(s) a size and helper, interleaved`);
  const runs = helpers.map(() => new Map<number, Figures[]>(sizes.map((hosts) => [hosts, []])));
  for (let r = 0; r < rounds; r++)
    for (const hosts of sizes)
      for (const [h, bundle] of helpers.entries()) {
        const figures = await round(bundle, hosts, r);
        runs[h]?.get(hosts)?.push(figures);
        console.log(
          `round ${r + 1}, ${hosts.toLocaleString('en')} hosts, ${bundle}: up ${(figures.bringUp / 1000).toFixed(1)} s, stop ${(figures.stop / 1000).toFixed(1)} s, counters ${figures.statsCpu.toFixed(1)} % quiet, ${figures.statsBusyCpu.toFixed(1)} % busy (load ${loadAverage()})`,
        );
      }
  for (const [h, bundle] of helpers.entries()) {
    if (helpers.length > 1) console.log(`\n${bundle}:`);
    report(sizes, runs[h] ?? new Map());
  }
  console.log(`load average after: ${loadAverage()}`);
}

await main();
