/**
 * `npm run bench:faults`: faults on demand in networks of 100 and 1,000
 * hosts on one switch, per available backend: a partition into two halves
 * and its heal (target < 200 ms each on 1,000 hosts), a node crash and its
 * restart, five rounds each; medians with their spread and the 1,000/100
 * ratio, measured side by side in one run. Checks once per size that the
 * partition really cuts (a ping across fails, one within a half passes).
 * Prints the figures and writes bench/results/faults.json. A script, not a test.
 */
import type { BackendName, Notifications } from '../../common/protocol/helper.js';
import type { HelperClient } from '../../helper/client.js';
import { benchEachBackend, hostsOnSwitch, median, timed } from '../helper/shared.js';

const ROUNDS = 5;
const SIZES = [100, 1000] as const;

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

type Timings = Record<'partition' | 'heal' | 'crash' | 'restart', number[]>;

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
  await helper.call('network.stop', {});
  return timings;
}

async function benchBackend(helper: HelperClient, backend: BackendName) {
  const bySize: Record<number, Timings> = {};
  for (const count of SIZES) bySize[count] = await measure(helper, backend, count);
  const figures: Record<string, unknown> = {};
  for (const fault of ['partition', 'heal', 'crash', 'restart'] as const) {
    const [small, large] = SIZES.map((count) => bySize[count]?.[fault] ?? []);
    for (const [count, runs] of [
      [100, small],
      [1000, large],
    ] as const) {
      const times = sorted(runs ?? []);
      console.log(
        `${backend}: ${fault} on ${count.toLocaleString('en')} hosts: median ${median(times).toFixed(1)} ms (spread ${times[0]?.toFixed(1)}–${times.at(-1)?.toFixed(1)} ms)`,
      );
      figures[`${fault}${count}Ms`] = times.map((t) => Number(t.toFixed(1)));
    }
    const ratio = median(large ?? []) / median(small ?? []);
    const target = fault === 'partition' || fault === 'heal' ? ' (target < 200 ms on 1,000 hosts)' : '';
    console.log(`${backend}: ${fault}, 1,000 hosts / 100 hosts: ${ratio.toFixed(2)}×${target}`);
    figures[`${fault}Ratio`] = Number(ratio.toFixed(2));
  }
  return figures;
}

async function main(): Promise<void> {
  await benchEachBackend('faults', benchBackend);
}

main().catch((error: Error) => {
  console.error(`bench:faults: ${error.message}`);
  process.exit(1);
});
