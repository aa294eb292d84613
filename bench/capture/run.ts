/**
 * `npm run bench:capture`: what capturing costs, per available backend, in one run side by side:
 * the time from capture.start to its answer and from a frame on the wire to its notification
 * here (time to first packet); TCP throughput (iperf3, 2 s) of a link captured against the same
 * link uncaptured, and of another link while the first is captured (capture must not slow it),
 * as ratios per round with their spread; and the frames the capture lost at full rate.
 * Prints the figures and writes bench/results/capture.json. A script, not a test.
 *
 * Over the module it runs in a guest, whose clock then counts its instructions (the figures do not
 * swing with the host's load), measuring that backend only:
 *   tools/vm/run --vnet --modules "veth bridge" --instruction-clock --timeout 3600 \
 *     --env VNET_BENCH_BACKEND=kmod -- npx tsx bench/capture/run.ts
 */
import type { BackendName, CaptureTotals, Notifications } from '../../common/protocol/helper.js';
import type { HelperClient } from '../../helper/client.js';
import { runIn } from '../../helper/integration/harness.js';
import { benchEachBackend, hostsOnSwitch, median, timed } from '../helper/shared.js';

const ROUNDS = 5;
const SECONDS = 2;
/** A snap length that keeps the headers only (-s 128), as one captures a full-rate flow. */
const HEADERS = 128;

const lostPercent = (t: CaptureTotals) => (100 * t.lost) / Math.max(1, t.lost + t.packets);

const spread = (xs: number[]) =>
  `median ${median(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)})`;

/** Gbit/s of one iperf3 run from one host to another (whose server started with the network). */
async function throughput(helper: HelperClient, from: string, to: string): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const run = await runIn(helper, from, ['iperf3', '-c', to, '-t', String(SECONDS), '-J']);
    const received = run.code === 0 ? JSON.parse(run.stdout).end?.sum_received?.bits_per_second : undefined;
    if (typeof received === 'number') return received / 1e9;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`iperf3 from ${from} to ${to} never measured`);
}

/** Runs `work` while link is captured; the capture's totals beside work's result. */
async function whileCaptured<T>(
  helper: HelperClient,
  link: string,
  work: () => Promise<T>,
  snaplen?: number,
): Promise<[T, CaptureTotals]> {
  const { capture } = await helper.call('capture.start', { targets: [link], snaplen });
  const result = await work();
  return [result, await helper.call('capture.stop', { capture })];
}

/** ms from capture.start to its answer, and from a ping's frame on the wire to its notification here. */
async function firstPacket(helper: HelperClient): Promise<[number, number]> {
  const [startMs, { capture }] = await timed(() =>
    helper.call('capture.start', { targets: ['h0-sw'], filter: 'icmp' }),
  );
  const arrived = new Promise<number>((resolve) => {
    const on = (n: Notifications['capture.packets']) => {
      const first = n.packets[0];
      if (n.capture !== capture || !first) return;
      helper.off('capture.packets', on);
      resolve(Date.now() - Number(BigInt(first.time) / 1_000_000n));
    };
    helper.on('capture.packets', on);
  });
  await runIn(helper, 'h0', ['ping', '-c1', '-W1', 'h1']);
  const wireToHere = await arrived;
  await helper.call('capture.stop', { capture });
  return [startMs, wireToHere];
}

async function bench(helper: HelperClient, backend: BackendName): Promise<Record<string, unknown>> {
  await helper.call('network.apply', { topology: hostsOnSwitch(4), backend });
  for (const host of ['h1', 'h3']) await helper.call('process.exec', { host, argv: ['iperf3', '-s'] });
  const refused = await helper.call('capture.start', { targets: ['h0-sw'] }).then(
    ({ capture }) => helper.call('capture.stop', { capture }).then(() => undefined),
    (error: Error) => error.message,
  );
  if (refused) {
    console.log(`${backend}: capture refused: ${refused}`);
    return { captured: false, reason: refused };
  }
  const figures = { startMs: [] as number[], wireToClientMs: [] as number[], capturedRatio: [] as number[] };
  const more = {
    otherLinkRatio: [] as number[],
    plainGbit: [] as number[],
    lostPercent: [] as number[],
    headersLostPercent: [] as number[],
    headersRatio: [] as number[],
  };
  for (let round = 0; round < ROUNDS; round++) {
    const [startMs, wireMs] = await firstPacket(helper);
    const plain = await throughput(helper, 'h0', 'h1');
    const [captured, totals] = await whileCaptured(helper, 'h0-sw', () => throughput(helper, 'h0', 'h1'));
    const [other] = await whileCaptured(helper, 'h0-sw', () => throughput(helper, 'h2', 'h3'));
    const otherPlain = await throughput(helper, 'h2', 'h3');
    const [headersRate, headers] = await whileCaptured(helper, 'h0-sw', () => throughput(helper, 'h0', 'h1'), HEADERS);
    figures.startMs.push(startMs);
    figures.wireToClientMs.push(wireMs);
    figures.capturedRatio.push(captured / plain);
    more.otherLinkRatio.push(other / otherPlain);
    more.plainGbit.push(plain);
    more.lostPercent.push(lostPercent(totals));
    more.headersLostPercent.push(lostPercent(headers));
    more.headersRatio.push(headersRate / plain);
    console.log(
      `${backend} round ${round + 1}: start ${startMs.toFixed(1)} ms, wire to client ${wireMs} ms; ` +
        `h0>h1 ${plain.toFixed(2)} Gbit/s plain, ${captured.toFixed(2)} captured (${(captured / plain).toFixed(2)}x, ` +
        `${totals.packets} frames delivered, ${totals.lost} lost; at snaplen ${HEADERS} ${headersRate.toFixed(2)}, ` +
        `${headers.packets} delivered, ${headers.lost} lost); ` +
        `h2>h3 ${otherPlain.toFixed(2)} plain, ${other.toFixed(2)} beside the capture`,
    );
  }
  await helper.call('network.stop', {});
  for (const [name, xs] of Object.entries({ ...figures, ...more })) console.log(`${backend} ${name}: ${spread(xs)}`);
  return { ...figures, ...more };
}

/** One backend's name: only it is measured (in a guest, where each helper start costs a minute). */
const only = process.env.VNET_BENCH_BACKEND;
await benchEachBackend('capture', (helper, backend) =>
  !only || backend === only ? bench(helper, backend) : Promise.resolve({ measured: false, reason: `only ${only}` }),
);
