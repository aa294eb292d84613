/**
 * `npm run bench:faults`: faults on demand in networks of 100 and 1,000
 * hosts on one switch, per available backend: a partition into two halves
 * and its heal (target < 200 ms each on 1,000 hosts), a node crash and its
 * restart, five rounds each; medians with their spread and the 1,000/100
 * ratio, measured side by side in one run. Checks once per size that the
 * partition really cuts (a ping across fails, one within a half passes).
 * Then the lag of a scenario's steps as `vnet scenario run` plays them
 * (lag.ts; target p99 < 10 ms) and, over the module, whether a seed loses
 * the same packets every time (reseed.ts). Where this kernel has no module
 * the module's part runs in a QEMU guest (guest.ts), no lag (TCG's slowness
 * is not the runner's). Over the module, a partition's and a heal's time is
 * split (shares.ts) into the module's (its ioctl alone), any request's (one
 * the helper answers without work) and the helper's own (the rest), so TCG's
 * slowness shows for what it is. The module's part alone, in a 6.12 guest:
 *   tools/vm/run --kernel 6.12 --vnet --timeout 3600 \
 *       --env VNET_BENCH_FAULTS_IN_GUEST=1 -- npx tsx bench/faults/run.ts
 * Prints the figures and writes bench/results/faults.json. A script, not a test.
 */
import type { BackendName, Notifications } from '../../common/protocol/helper.js';
import type { HelperClient } from '../../helper/client.js';
import { kmodOption } from '../../helper/kmod/option.js';
import { benchEachBackend, hostsOnSwitch, median, startHelper, timed } from '../helper/shared.js';
import { handBack, IN_GUEST, kmodInGuest } from './guest.js';
import { EVERY_MS, LAG_RUNS, LAG_TARGET_P99_MS, percentile, stepTimes } from './lag.js';
import { partitionShares, type PartitionShares } from './shares.js';
import { describeReproducibility, reproducibility } from './reseed.js';

const SIZES = [100, 1000] as const;
const FAULTS = ['partition', 'heal', 'crash', 'restart'] as const;
const inGuest = process.env[IN_GUEST] !== undefined;
const ROUNDS = 5;

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

/** Whether a ping from one host to another gets an answer (exit code of ping inside the host). */
async function pings(helper: HelperClient, from: string, to: string): Promise<boolean> {
  const { pid } = await helper.call('process.exec', { host: from, argv: ['ping', '-c1', '-W1', to] });
  return new Promise((resolve) => {
    const on = (exit: Notifications['process.exit']) => {
      if (exit.pid !== pid) return;
      helper.off('process.exit', on);
      resolve(exit.code === 0);
    };
    helper.on('process.exit', on);
  });
}

type Timings = Record<(typeof FAULTS)[number], number[]> & { shares?: PartitionShares };

async function measure(helper: HelperClient, backend: BackendName, count: number): Promise<Timings> {
  await helper.call('network.apply', { topology: hostsOnSwitch(count), backend });
  const ids = Array.from({ length: count }, (_, i) => `h${i}`);
  const halves: [string[], string[]] = [ids.slice(0, count / 2), ids.slice(count / 2)];
  const last = `h${count - 1}`;
  const timings: Timings = { partition: [], heal: [], crash: [], restart: [] };
  for (let round = 0; round < ROUNDS; round++) {
    timings.partition.push((await timed(() => helper.call('network.partition', { groups: halves })))[0]);
    if (round === 0 && ((await pings(helper, 'h0', last)) || !(await pings(helper, 'h0', 'h1'))))
      throw new Error(`the partition of ${count} hosts did not cut the halves apart`);
    timings.heal.push((await timed(() => helper.call('network.heal', {})))[0]);
    timings.crash.push((await timed(() => helper.call('node.crash', { node: 'h1' })))[0]);
    timings.restart.push((await timed(() => helper.call('node.restart', { node: 'h1' })))[0]);
  }
  if (!(await pings(helper, 'h0', last))) throw new Error(`the heal of ${count} hosts did not reconnect them`);
  if (backend === 'kmod') timings.shares = await partitionShares(helper, halves, ROUNDS);
  await helper.call('network.stop', {});
  return timings;
}

interface Summary {
  medianMs: number;
  p99Ms: number;
  maxMs: number;
}

function summary(values: number[]): Summary {
  const times = sorted(values);
  return { medianMs: median(times), p99Ms: percentile(times, 0.99), maxMs: times.at(-1) ?? NaN };
}

const rounded = (times: number[]) => sorted(times).map((t) => Number(t.toFixed(1)));

/** Median and spread of a few timings. */
function spread(values: number[]): string {
  const times = sorted(values);
  return `median ${median(times).toFixed(1)} ms (spread ${times[0]?.toFixed(1)}–${times.at(-1)?.toFixed(1)} ms)`;
}

const say = (s: Summary) => `median ${s.medianMs} ms, p99 ${s.p99Ms} ms, worst ${s.maxMs} ms`;

/** Step lags (and how long the steps took), run by run and all together: median, p99 and worst. */
function lagFigures(backend: BackendName): Record<string, unknown> {
  const runs = stepTimes(backend);
  const each = runs.map((run) => ({ lag: summary(run.lags), took: summary(run.took) }));
  each.forEach(({ lag, took }, i) =>
    console.log(`${backend}: scenario run ${i + 1} of ${LAG_RUNS}: step lag ${say(lag)}; a step took ${say(took)}`),
  );
  const all = { lag: summary(runs.flatMap((r) => r.lags)), took: summary(runs.flatMap((r) => r.took)) };
  const verdict = all.lag.p99Ms < LAG_TARGET_P99_MS ? 'meets' : 'MISSES';
  console.log(
    `${backend}: scenario step lag over all ${LAG_RUNS} runs: ${say(all.lag)} (${verdict} target p99 < ${LAG_TARGET_P99_MS} ms); a step took ${say(all.took)} (one every ${EVERY_MS} ms)`,
  );
  return { stepRuns: each, steps: all };
}

async function benchBackend(helper: HelperClient, backend: BackendName) {
  const figures: Record<string, unknown> = inGuest ? {} : lagFigures(backend);
  if (backend === 'kmod') {
    const reproduced = await reproducibility(helper, backend);
    describeReproducibility(backend, reproduced).forEach((line) => console.log(line));
    figures.reproducibility = reproduced;
  }
  const bySize: Record<number, Timings> = {};
  // Each size printed as soon as it is measured: the module's 1,000 hosts take long in a guest.
  for (const count of SIZES) {
    const timings = await measure(helper, backend, count);
    bySize[count] = timings;
    for (const fault of FAULTS) {
      const times = sorted(timings[fault]);
      const ioctl = fault === 'partition' || fault === 'heal' ? timings.shares?.[fault] : undefined;
      const request = timings.shares?.request ?? [];
      const split = ioctl
        ? `; the module's ioctl alone ${spread(ioctl)}, a request the helper answers without work ${spread(request)}, so the helper's own ${(median(times) - median(ioctl) - median(request)).toFixed(1)} ms`
        : '';
      console.log(`${backend}: ${fault} on ${count.toLocaleString('en')} hosts: ${spread(times)}${split}`);
      figures[`${fault}${count}Ms`] = rounded(times);
      if (ioctl)
        Object.assign(figures, {
          [`${fault}${count}IoctlMs`]: rounded(ioctl),
          [`request${count}Ms`]: rounded(request),
        });
    }
  }
  for (const fault of FAULTS) {
    const [small, large] = SIZES.map((count) => bySize[count]?.[fault] ?? []);
    const ratio = median(large ?? []) / median(small ?? []);
    const target = fault === 'partition' || fault === 'heal' ? ' (target < 200 ms on 1,000 hosts)' : '';
    console.log(`${backend}: ${fault}, 1,000 hosts / 100 hosts: ${ratio.toFixed(2)}×${target}`);
    figures[`${fault}Ratio`] = Number(ratio.toFixed(2));
  }
  return figures;
}

async function main(): Promise<void> {
  if (inGuest) {
    const helper = startHelper();
    try {
      handBack(await benchBackend(helper, 'kmod'));
    } finally {
      helper.close();
      await helper.exited();
    }
    return;
  }
  const native = (await kmodOption()).support.available;
  await benchEachBackend('faults', benchBackend, native ? {} : { kmodInGuest: await kmodInGuest() });
}

main().catch((error: Error) => {
  console.error(`bench:faults: ${error.message}`);
  process.exit(1);
});
