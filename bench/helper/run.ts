/**
 * `npm run bench:helper`: bring-up of 100 and 1,000 hosts on one switch per
 * available backend, a one-link change applied live to the 100- and the
 * 1,000-host network (target < 100 ms, independent of size), and the helper's CPU while it streams the
 * counters of 1,000 hosts at 10 Hz (target < 5 % of a core). Prints the
 * figures and writes bench/results/helper.json. A script, not a test.
 *
 * `npm run bench:helper -- --compare <other checkout>`: bring-ups of 1,000 hosts by the other
 * checkout's helper and by this one, interleaved, on the netns backend; prints each side's runs,
 * medians and the ratio (this / other). Build both first (`npm run build`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BACKENDS, type BackendName } from '../../common/protocol/helper.js';
import { readTopology, type Topology } from '../../common/topology/index.js';
import { HelperClient } from '../../helper/client.js';
import { diffPlans } from '../../helper/plan/diff.js';
import { paramsOnlyChange } from '../../helper/plan/params-only.js';
import { planNetwork } from '../../helper/plan/plan.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLOCK_TICKS = 100;

function hostsOnSwitch(count: number): Topology {
  const hosts = Array.from({ length: count }, (_, i) => ({
    id: `h${i}`,
    kind: 'host' as const,
    name: `h${i}`,
    position: { x: i, y: 0 },
  }));
  return readTopology({
    version: 1,
    name: `${count} hosts on a switch`,
    nodes: [...hosts, { id: 'sw', kind: 'switch', name: 'sw', position: { x: 0, y: 100 } }],
    links: hosts.map((h) => ({ id: `${h.id}-sw`, a: { node: h.id }, b: { node: 'sw' } })),
    addressPool: { ipv4: '10.0.0.0/16', subnetPrefix: 20 },
  });
}

function cpuSeconds(pid: number): number {
  const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** The helper's own share of a live apply: planning and diffing, no kernel involved. */
function planAndDiffMs(): number {
  const big = hostsOnSwitch(1000);
  const running = planNetwork(big);
  const runs = [5, 10, 20, 30, 40].map((loss) => {
    const edited = structuredClone(big);
    const link = edited.links[500];
    if (link) link.params.lossPercent = loss;
    const start = performance.now();
    const fast = paramsOnlyChange(big, running, edited);
    if (!fast) diffPlans(running, planNetwork(edited, running));
    return performance.now() - start;
  });
  return median(runs);
}

/** Median time of five live edits of one link's loss in a network of `count` hosts (running). */
async function oneLinkChanges(helper: HelperClient, backend: BackendName, count: number): Promise<number[]> {
  const network = hostsOnSwitch(count);
  const middle = Math.floor(count / 2);
  const changes: number[] = [];
  for (const loss of [5, 10, 0, 20, 0]) {
    const edited = structuredClone(network);
    const link = edited.links[middle];
    if (link) link.params.lossPercent = loss;
    const [ms, result] = await timed(() => helper.call('network.apply', { topology: edited, backend }));
    if (result.changed.join() !== `h${middle}-sw`)
      throw new Error(`one-link change touched ${result.changed.join(', ')}`);
    changes.push(ms);
  }
  return changes;
}

async function benchBackend(backend: BackendName) {
  const helper = startHelper(ROOT);
  try {
    const figures: Record<string, number> = {};
    const changes: Record<number, number[]> = {};
    for (const count of [100, 1000]) {
      const [ms] = await timed(() => helper.call('network.apply', { topology: hostsOnSwitch(count), backend }));
      figures[`bringUp${count}Ms`] = Math.round(ms);
      console.log(`${backend}: bring-up of ${count} hosts on a switch: ${(ms / 1000).toFixed(2)} s`);
      changes[count] = await oneLinkChanges(helper, backend, count);
      if (count === 100) {
        const [stopMs] = await timed(() => helper.call('network.stop', {}));
        console.log(`${backend}: stop of 100 hosts: ${(stopMs / 1000).toFixed(2)} s`);
      }
    }
    const medians = [100, 1000].map((count) => {
      const runs = changes[count] ?? [];
      console.log(
        `${backend}: one-link change on ${count.toLocaleString('en')} hosts: median ${Math.round(median(runs))} ms (target < 100 ms; runs ${runs.map((m) => Math.round(m)).join(', ')})`,
      );
      return Math.round(median(runs));
    });
    const [small = NaN, large = NaN] = medians;
    figures.oneLinkChange100MedianMs = small;
    figures.oneLinkChangeMedianMs = large;
    console.log(
      `${backend}: one-link change, 1,000 hosts / 100 hosts: ${(large / small).toFixed(2)}× (independent of size: ~1×)`,
    );

    let samples = 0;
    helper.on('stats', () => samples++);
    await helper.call('stats.subscribe', { hz: 10 });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const pid = helper.pid ?? 0;
    const cpuStart = cpuSeconds(pid);
    const samplesStart = samples;
    const seconds = 10;
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const cpuPercent = ((cpuSeconds(pid) - cpuStart) / seconds) * 100;
    figures.statsCpuPercent = Number(cpuPercent.toFixed(2));
    figures.statsHz = (samples - samplesStart) / seconds;
    console.log(
      `${backend}: helper CPU streaming 1,000 hosts' counters at 10 Hz: ${cpuPercent.toFixed(2)} % of a core (target < 5 %; ${figures.statsHz} samples/s received)`,
    );
    await helper.call('stats.subscribe', { hz: 0 });
    const [stopMs] = await timed(() => helper.call('network.stop', {}));
    figures.stop1000Ms = Math.round(stopMs);
    console.log(`${backend}: stop of 1,000 hosts: ${(stopMs / 1000).toFixed(2)} s`);
    return figures;
  } finally {
    helper.close();
    await helper.exited();
  }
}

function startHelper(root: string): HelperClient {
  return HelperClient.start({ command: [process.execPath, '--import', 'tsx', `${root}helper/main.ts`] });
}

/** Times bring-ups of 1,000 hosts by two checkouts' helpers, alternating, each followed by a purging stop. */
async function compareBringUp(other: string, rounds = 5): Promise<void> {
  const sides = { other: `${other.replace(/\/$/, '')}/`, this: ROOT } as const;
  const runs: Record<keyof typeof sides, number[]> = { other: [], this: [] };
  const network = hostsOnSwitch(1000);
  for (let round = 0; round < rounds; round++) {
    for (const side of ['other', 'this'] as const) {
      const helper = startHelper(sides[side]);
      try {
        const [ms] = await timed(() => helper.call('network.apply', { topology: network, backend: 'netns' }));
        runs[side].push(ms);
        await helper.call('network.stop', { purge: true });
      } finally {
        helper.close();
        await helper.exited();
      }
    }
  }
  const line = (side: keyof typeof sides) =>
    `${side === 'this' ? 'this checkout' : other}: bring-up of 1,000 hosts median ${(median(runs[side]) / 1000).toFixed(2)} s (runs ${runs[side].map((ms) => (ms / 1000).toFixed(2)).join(', ')})`;
  console.log(line('other'));
  console.log(line('this'));
  console.log(`ratio this / other: ${(median(runs.this) / median(runs.other)).toFixed(2)}×`);
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench:helper needs root (network namespaces)');
  const compare = process.argv.indexOf('--compare');
  if (compare >= 0) {
    const other = process.argv[compare + 1];
    if (!other) throw new Error('--compare needs the path of another checkout');
    return compareBringUp(other);
  }
  const probe = startHelper(ROOT);
  const version = await probe.call('helper.version', {});
  probe.close();
  await probe.exited();
  const planMs = planAndDiffMs();
  console.log(`plan + diff of a one-link change on 1,000 hosts (in process, no kernel): ${planMs.toFixed(1)} ms`);
  const results: Record<string, unknown> = {
    planAndDiffOneLinkMs: Number(planMs.toFixed(1)),
    loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    date: new Date().toISOString(),
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
  };
  for (const backend of BACKENDS) {
    const support = version.backends[backend];
    if (!support.available) {
      console.log(`${backend}: not measured: ${support.reason}`);
      results[backend] = { available: false, reason: support.reason };
      continue;
    }
    results[backend] = await benchBackend(backend);
  }
  mkdirSync(`${ROOT}bench/results`, { recursive: true });
  writeFileSync(`${ROOT}bench/results/helper.json`, JSON.stringify(results, null, 2) + '\n');
  console.log(`wrote bench/results/helper.json`);
}

main().catch((error: Error) => {
  console.error(`bench:helper: ${error.message}`);
  process.exit(1);
});
