/**
 * `npm run bench:helper`: bring-up of 100 and 1,000 hosts on one switch per
 * available backend, a one-link change applied live to the 100- and the
 * 1,000-host network, as the whole document (network.apply, target < 100 ms)
 * and as a patch (network.patch, target < 20 ms and within 1.5× of 100
 * hosts), side by side; and the helper's CPU while it streams the
 * counters of 1,000 hosts at 10 Hz (target < 5 % of a core). Prints the
 * figures and writes bench/results/helper.json. A script, not a test.
 *
 * `npm run bench:helper -- --compare <other checkout>`: bring-ups of 1,000 hosts by the other
 * checkout's helper and by this one, interleaved, on the netns backend; prints each side's runs,
 * medians and the ratio (this / other). Build both first (`npm run build`).
 */
import type { BackendName } from '../../common/protocol/helper.js';
import type { HelperClient } from '../../helper/client.js';
import { diffPlans } from '../../helper/plan/diff.js';
import { paramsOnlyChange } from '../../helper/plan/params-only.js';
import { planNetwork } from '../../helper/plan/plan.js';
import { benchEachBackend, cpuSeconds, hostsOnSwitch, median, startHelper, timed } from './shared.js';

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

const LOSSES = [5, 10, 0, 20, 0];

/** Times of five live edits of one link's loss in a running network of `count` hosts, sent whole. */
async function oneLinkApplies(helper: HelperClient, backend: BackendName, count: number): Promise<number[]> {
  const network = hostsOnSwitch(count);
  const middle = Math.floor(count / 2);
  const changes: number[] = [];
  for (const loss of LOSSES) {
    const edited = structuredClone(network);
    const link = edited.links[middle];
    if (link) link.params.lossPercent = loss;
    const [ms, result] = await timed(() => helper.call('network.apply', { topology: edited, backend }));
    expectOneLink(result.changed, middle);
    changes.push(ms);
  }
  return changes;
}

/** The same five edits as patches of that one link against the running revision. */
async function oneLinkPatches(helper: HelperClient, count: number): Promise<number[]> {
  const middle = Math.floor(count / 2);
  const running = await helper.call('network.get', {});
  const { topology } = running;
  let { revision } = running;
  const link = topology.links[middle];
  if (!link) throw new Error(`no link ${middle}`);
  const changes: number[] = [];
  for (const loss of LOSSES) {
    const patched = { ...link, params: { ...link.params, lossPercent: loss + 1 } };
    const [ms, result] = await timed(() => helper.call('network.patch', { revision, links: [patched] }));
    expectOneLink(result.changed, middle);
    revision = result.revision;
    changes.push(ms);
  }
  return changes;
}

function expectOneLink(changed: string[], middle: number): void {
  if (changed.join() !== `h${middle}-sw`) throw new Error(`one-link change touched ${changed.join(', ')}`);
}

/** Prints the medians on 100 and 1,000 hosts and their ratio; returns the medians. */
function report(backend: BackendName, what: string, target: string, runs: Record<number, number[]>): number[] {
  const medians = [100, 1000].map((count) => {
    const times = runs[count] ?? [];
    console.log(
      `${backend}: one-link change ${what} on ${count.toLocaleString('en')} hosts: median ${Math.round(median(times))} ms (target ${target}; runs ${times.map((m) => Math.round(m)).join(', ')})`,
    );
    return Math.round(median(times) * 10) / 10;
  });
  const [small = NaN, large = NaN] = medians;
  console.log(`${backend}: one-link change ${what}, 1,000 hosts / 100 hosts: ${(large / small).toFixed(2)}×`);
  return medians;
}

async function benchBackend(helper: HelperClient, backend: BackendName) {
  const figures: Record<string, number> = {};
  const applies: Record<number, number[]> = {};
  const patches: Record<number, number[]> = {};
  for (const count of [100, 1000]) {
    const [ms] = await timed(() => helper.call('network.apply', { topology: hostsOnSwitch(count), backend }));
    figures[`bringUp${count}Ms`] = Math.round(ms);
    console.log(`${backend}: bring-up of ${count} hosts on a switch: ${(ms / 1000).toFixed(2)} s`);
    applies[count] = await oneLinkApplies(helper, backend, count);
    patches[count] = await oneLinkPatches(helper, count);
    if (count === 100) {
      const [stopMs] = await timed(() => helper.call('network.stop', {}));
      console.log(`${backend}: stop of 100 hosts: ${(stopMs / 1000).toFixed(2)} s`);
    }
  }
  const [small = NaN, large = NaN] = report(backend, 'as a whole document', '< 100 ms', applies);
  figures.oneLinkChange100MedianMs = small;
  figures.oneLinkChangeMedianMs = large;
  const [patchSmall = NaN, patchLarge = NaN] = report(backend, 'as a patch', '< 20 ms, ≤ 1.5×', patches);
  figures.oneLinkPatch100MedianMs = patchSmall;
  figures.oneLinkPatchMedianMs = patchLarge;

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
}

/** Times bring-ups of 1,000 hosts by two checkouts' helpers, alternating, each followed by a purging stop. */
async function compareBringUp(other: string, rounds = 5): Promise<void> {
  const sides = { other: `${other.replace(/\/$/, '')}/`, this: undefined } as const;
  const runs: Record<keyof typeof sides, number[]> = { other: [], this: [] };
  const network = hostsOnSwitch(1000);
  for (let round = 0; round < rounds; round++) {
    for (const side of ['other', 'this'] as const) {
      const helper = startHelper(sides[side]);
      try {
        const [ms] = await timed(() => helper.call('network.apply', { topology: network, backend: 'netns' }));
        runs[side].push(ms);
        // A checkout older than host directories knows no purge (nor anything to purge).
        await helper.call('network.stop', side === 'this' ? { purge: true } : {});
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
  const compare = process.argv.indexOf('--compare');
  if (compare >= 0) {
    const other = process.argv[compare + 1];
    if (!other) throw new Error('--compare needs the path of another checkout');
    return compareBringUp(other);
  }
  const planMs = planAndDiffMs();
  console.log(`plan + diff of a one-link change on 1,000 hosts (in process, no kernel): ${planMs.toFixed(1)} ms`);
  await benchEachBackend('helper', benchBackend, { planAndDiffOneLinkMs: Number(planMs.toFixed(1)) });
}

main().catch((error: Error) => {
  console.error(`bench:helper: ${error.message}`);
  process.exit(1);
});
