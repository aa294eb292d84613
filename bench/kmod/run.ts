/**
 * `npm run bench:kmod`: vnet against the stock kernel parts it replaces,
 * side by side in one guest boot of the newest pinned kernel (the figures are
 * relative, so one kernel suffices): TCP over a point-to-point link built by
 * vnetctl and two built by the helper (one never given parameters, one given
 * a delay and then none again) against a veth pair, one with a pass-through
 * eBPF program on each port direction against one without (the cost of
 * VNET_IOC_PROG's hook), across a switch against a Linux bridge, and
 * bring-up of 1,000 hosts' ports with one batch (vs veth + bridge through
 * `ip -batch`). Each throughput round measures every pair
 * back to back and gives one ratio per pair; the spread of those ratios
 * (min / median / max over the rounds) is printed with them. Under QEMU's TCG
 * the absolute rates are far below native, and with the guest's clock the
 * host's they swung with the host's load (one pair read 0.12x and 92x in one
 * run); the guest's clock counts its instructions instead (instructionClock),
 * so a rate is bytes per instruction spent and a ratio holds across runs and
 * loads. Beside each throughput ratio stands one of CPU time per gigabyte
 * (the guest's own /proc/stat). Writes everything to bench/results/kmod.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundle } from '../../tools/build/bundles.js';
import { ensureVmDebs } from '../../tools/vm/debs.js';
import { buildModule, kmodToolsDir } from '../../tools/vm/kmod-build.js';
import { newestKernel } from '../../tools/vm/kernels.js';
import { repoRoot } from '../../tools/vm/paths.js';
import { runInVm } from '../../tools/vm/qemu.js';

const iperfSeconds = 3;
const rounds = 3;
const hosts = 1000;
const HELPER_BUNDLE = '.cache/bench/helper.mjs';

/** A vnet measurement and the stock one it is held against (the NAME of guest.sh's throughput lines). */
interface Pair {
  name: string;
  vnet: string;
  stock: string;
  of: string;
  target: number;
}

const PAIRS: Pair[] = [
  { name: 'p2p_vs_veth', vnet: 'vnet_p2p', stock: 'veth_p2p', of: 'vnet p2p (vnetctl) / veth pair', target: 0.9 },
  { name: 'helper_p2p_vs_veth', vnet: 'helper_p2p', stock: 'veth_p2p', of: 'helper-built p2p / veth pair', target: 0.9 },
  {
    name: 'helper_p2p_once_delayed_vs_veth',
    vnet: 'helper_p2p_once_delayed',
    stock: 'veth_p2p',
    of: 'helper-built p2p, delay 50 then 0 ms / veth pair',
    target: 0.9,
  },
  { name: 'switch_vs_bridge', vnet: 'vnet_switch', stock: 'bridge', of: 'vnet switch / Linux bridge', target: 0.8 },
  {
    name: 'prog_vs_no_prog',
    vnet: 'vnet_p2p_prog',
    stock: 'vnet_p2p',
    of: 'vnet p2p, a pass-through program on each port direction / none',
    target: 0.9,
  },
];

interface Spread {
  min: number;
  median: number;
  max: number;
}

interface Ratio {
  name: string;
  /** Over the rounds; bring-up has one sample, so min = median = max. */
  value: Spread;
  target: number;
  /** What the ratio divides, for the printout. */
  of: string;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
  return { min: round2(sorted[0] ?? NaN), median: round2(median), max: round2(sorted.at(-1) ?? NaN) };
}

function series(samples: Record<string, number[]>, name: string): number[] {
  const values = samples[name];
  if (!values?.length) throw new Error(`the guest reported no ${name}`);
  return values;
}

/** Round by round: top[i] / bottom[i]. */
function perRound(top: number[], bottom: number[]): number[] {
  return top.map((value, i) => value / (bottom[i] ?? NaN));
}

function ratios(samples: Record<string, number[]>): Ratio[] {
  const get = (name: string) => series(samples, name);
  const measured = PAIRS.flatMap((pair) => [
    {
      name: `${pair.name}_throughput`,
      value: spread(perRound(get(`${pair.vnet}_mbps`), get(`${pair.stock}_mbps`))),
      target: pair.target,
      of: `${pair.of} (Mbit/s)`,
    },
    {
      name: `${pair.name}_cpu_efficiency`,
      value: spread(perRound(get(`${pair.stock}_cpu_s_per_gb`), get(`${pair.vnet}_cpu_s_per_gb`))),
      target: pair.target,
      of: `CPU s per GB, stock / vnet, for ${pair.of}`,
    },
  ]);
  const [namespaces, veth, vnet] = ['namespaces_ms', 'veth_bridge_ports_ms', 'vnet_ports_ms'].map(get);
  const plusNamespaces = (ms: number[]) => ms.map((value, i) => value + (namespaces?.[i] ?? NaN));
  return [
    ...measured,
    {
      name: 'bringup_speedup_vs_veth_bridge',
      value: spread(perRound(veth ?? [], vnet ?? [])),
      target: 5,
      of: `veth+bridge / vnet batch (ms for ${hosts} ports)`,
    },
    {
      name: 'bringup_with_namespaces_speedup',
      value: spread(perRound(plusNamespaces(veth ?? []), plusNamespaces(vnet ?? []))),
      target: 5,
      of: `same, counting the ${hosts} namespaces both need`,
    },
  ];
}

async function main(): Promise<void> {
  ensureVmDebs([newestKernel]);
  const module = buildModule(newestKernel);
  await bundle({ source: 'helper/main.ts', out: HELPER_BUNDLE, format: 'esm' });
  let output = '';
  const result = await runInVm({
    kernel: newestKernel,
    command: [
      'bench/kmod/guest.sh',
      join(kmodToolsDir, 'vnetctl'),
      String(iperfSeconds),
      String(rounds),
      String(hosts),
      join(repoRoot, HELPER_BUNDLE),
    ],
    cwd: repoRoot,
    modules: ['veth', 'bridge'],
    insmod: [module],
    forwards: [],
    env: {},
    stdin: false,
    timeoutSeconds: 3600,
    onOutput: (chunk) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    },
    showConsole: false,
    kernelArgs: [],
    instructionClock: true,
  });
  if (result.status !== 0) throw new Error(`the guest benchmark failed (status ${result.status})`);

  const samples: Record<string, number[]> = {};
  for (const [, name, value] of output.matchAll(/^result (\w+) ([\d.]+)$/gm)) {
    if (name && value) (samples[name] ??= []).push(Number(value));
  }
  const computed = ratios(samples);
  console.log(`\nkernel ${newestKernel.release} under QEMU TCG, guest time counting instructions, ${rounds} rounds`);
  for (const [name, values] of Object.entries(samples)) console.log(`  ${name.padEnd(40)} ${values.join(' ')}`);
  console.log(`  ${'ratio'.padEnd(44)} min / median / max`);
  for (const ratio of computed) {
    const { min, median, max } = ratio.value;
    const verdict = median >= ratio.target ? 'meets' : 'MISSES';
    console.log(
      `  ${ratio.name.padEnd(44)} ${min} / ${median} / ${max}x  (${ratio.of}; median ${verdict} target ${ratio.target}x)`,
    );
  }
  const resultsDir = join(repoRoot, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const report = {
    kernel: newestKernel.release,
    date: new Date().toISOString(),
    iperfSeconds,
    rounds,
    hosts,
    samples,
    ratios: computed,
  };
  writeFileSync(join(resultsDir, 'kmod.json'), JSON.stringify(report, null, 2) + '\n');
  console.log(`written to bench/results/kmod.json`);
}

main().catch((error: unknown) => {
  console.error(`bench:kmod: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
