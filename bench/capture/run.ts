/**
 * `npm run bench:capture`: what capturing costs, per available backend, in one run side by side:
 * the time from capture.start to its answer and from a frame on the wire to its notification
 * here (time to first packet); TCP throughput (iperf3, 2 s) of a link captured against the same
 * link uncaptured, and of another link while the first is captured (capture must not slow it),
 * as ratios per round with their spread; and the frames the capture lost at full rate.
 * Where the CPU goes while a link is captured: the helper's and this client's (the reader of its
 * notifications) CPU time as a share of the time the flow ran. VNET_BENCH_ROUNDS: rounds (5).
 * Prints the figures and writes bench/results/capture.json. A script, not a test.
 *
 * Over the module it runs in a guest, whose clock then counts its instructions (the figures do not
 * swing with the host's load), measuring that backend only:
 *   tools/vm/run --vnet --modules "veth bridge" --instruction-clock --timeout 3600 \
 *     --env VNET_BENCH_BACKEND=kmod -- npx tsx bench/capture/run.ts
 * What the module costs alone, with no reader, bench/capture/module.sh measures.
 */
import { readFileSync } from 'node:fs';
import type { BackendName, CaptureTotals, Notifications } from '../../common/protocol/helper.js';
import type { HelperClient } from '../../helper/client.js';
import { runIn } from '../../helper/integration/harness.js';
import { benchEachBackend, hostsOnSwitch, median, timed } from '../helper/shared.js';

const ROUNDS = Number(process.env.VNET_BENCH_ROUNDS ?? 5);
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

/** CPU seconds used so far by the helper process (/proc: clock ticks of 10 ms) and by this one. */
function cpuSeconds(helper: HelperClient): [number, number] {
  const stat = readFileSync(`/proc/${helper.pid}/stat`, 'utf8');
  // utime and stime, the 14th and 15th fields: the 12th and 13th after the command's name.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const { user, system } = process.cpuUsage();
  return [(Number(fields[11]) + Number(fields[12])) / 100, (user + system) / 1e6];
}

/** The helper's and this client's CPU time while some work ran, as a share of its time. */
interface Cpu {
  helperCpu: number;
  clientCpu: number;
}

/** Runs `work`: its result and the CPU it cost (the helper's, this client's). */
async function withCpu<T>(helper: HelperClient, work: () => Promise<T>): Promise<[T, Cpu]> {
  const [helperBefore, clientBefore] = cpuSeconds(helper);
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  const [helperAfter, clientAfter] = cpuSeconds(helper);
  return [
    result,
    { helperCpu: (helperAfter - helperBefore) / seconds, clientCpu: (clientAfter - clientBefore) / seconds },
  ];
}

/**
 * Runs `work` while link is captured: its result, the capture's totals, and the CPU used while `work`
 * ran (not the last read at capture.stop, which takes what is left after the flow).
 */
async function whileCaptured<T>(
  helper: HelperClient,
  link: string,
  work: () => Promise<T>,
  snaplen?: number,
): Promise<[T, CaptureTotals & Cpu]> {
  const { capture } = await helper.call('capture.start', { targets: [link], snaplen });
  const [result, cpu] = await withCpu(helper, work);
  return [result, { ...(await helper.call('capture.stop', { capture })), ...cpu }];
}

const cpu = (c: Cpu) => `CPU helper ${(100 * c.helperCpu).toFixed(0)} %, client ${(100 * c.clientCpu).toFixed(0)} %`;

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
    plainHelperCpu: [] as number[],
    plainClientCpu: [] as number[],
    helperCpu: [] as number[],
    clientCpu: [] as number[],
    headersHelperCpu: [] as number[],
    headersClientCpu: [] as number[],
  };
  for (let round = 0; round < ROUNDS; round++) {
    const [startMs, wireMs] = await firstPacket(helper);
    const [plain, plainCpu] = await withCpu(helper, () => throughput(helper, 'h0', 'h1'));
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
    more.plainHelperCpu.push(plainCpu.helperCpu);
    more.plainClientCpu.push(plainCpu.clientCpu);
    more.helperCpu.push(totals.helperCpu);
    more.clientCpu.push(totals.clientCpu);
    more.headersHelperCpu.push(headers.helperCpu);
    more.headersClientCpu.push(headers.clientCpu);
    console.log(
      `${backend} round ${round + 1}: start ${startMs.toFixed(1)} ms, wire to client ${wireMs} ms; ` +
        `h0>h1 ${plain.toFixed(2)} Gbit/s plain (${cpu(plainCpu)}), ${captured.toFixed(2)} captured (${(captured / plain).toFixed(2)}x, ` +
        `${totals.packets} frames delivered, ${totals.lost} lost, ${cpu(totals)}; at snaplen ${HEADERS} ` +
        `${headersRate.toFixed(2)}, ${headers.packets} delivered, ${headers.lost} lost, ${cpu(headers)}); ` +
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
