/**
 * `npm run bench:kmod`: vnet against the stock kernel parts it replaces,
 * side by side in one guest boot of the newest pinned kernel (the figures are
 * relative, so one kernel suffices): TCP throughput over a point-to-point
 * link (vs a veth pair) and across a switch (vs a Linux bridge), and bring-up
 * of 1,000 hosts' ports with one batch (vs veth + bridge through `ip -batch`).
 * Throughput is the median of interleaved rounds. Prints the figures and
 * ratios and writes them to bench/results/kmod.json.
 * Under QEMU's TCG the absolute rates are far below native; the ratios matter.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureVmDebs } from '../../tools/vm/debs.js';
import { buildModule, kmodToolsDir } from '../../tools/vm/kmod-build.js';
import { newestKernel } from '../../tools/vm/kernels.js';
import { repoRoot } from '../../tools/vm/paths.js';
import { runInVm } from '../../tools/vm/qemu.js';

const iperfSeconds = 4;
const rounds = 3;
const hosts = 1000;

interface Ratio {
  name: string;
  value: number;
  target: number;
  /** What the ratio divides, for the printout. */
  of: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

function ratios(figures: Record<string, number>): Ratio[] {
  const get = (name: string): number => {
    const value = figures[name];
    if (value === undefined) throw new Error(`the guest reported no ${name}`);
    return value;
  };
  const round = (value: number): number => Math.round(value * 100) / 100;
  return [
    {
      name: 'p2p_throughput_vs_veth',
      value: round(get('vnet_p2p_mbps') / get('veth_p2p_mbps')),
      target: 0.9,
      of: 'vnet p2p / veth pair (Mbit/s)',
    },
    {
      name: 'switch_throughput_vs_bridge',
      value: round(get('vnet_switch_mbps') / get('bridge_mbps')),
      target: 0.8,
      of: 'vnet switch / Linux bridge (Mbit/s)',
    },
    {
      name: 'bringup_speedup_vs_veth_bridge',
      value: round(get('veth_bridge_ports_ms') / get('vnet_ports_ms')),
      target: 5,
      of: `veth+bridge / vnet batch (ms for ${hosts} ports)`,
    },
    {
      name: 'bringup_with_namespaces_speedup',
      value: round(
        (get('namespaces_ms') + get('veth_bridge_ports_ms')) / (get('namespaces_ms') + get('vnet_ports_ms')),
      ),
      target: 5,
      of: `same, counting the ${hosts} namespaces both need`,
    },
  ];
}

async function main(): Promise<void> {
  ensureVmDebs([newestKernel]);
  const module = buildModule(newestKernel);
  let output = '';
  const result = await runInVm({
    kernel: newestKernel,
    command: ['bench/kmod/guest.sh', join(kmodToolsDir, 'vnetctl'), String(iperfSeconds), String(rounds), String(hosts)],
    cwd: repoRoot,
    modules: ['veth', 'bridge'],
    insmod: [module],
    forwards: [],
    env: {},
    stdin: false,
    timeoutSeconds: 900,
    onOutput: (chunk) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    },
    showConsole: false,
    kernelArgs: [],
  });
  if (result.status !== 0) throw new Error(`the guest benchmark failed (status ${result.status})`);

  const samples: Record<string, number[]> = {};
  for (const [, name, value] of output.matchAll(/^result (\w+) ([\d.]+)$/gm)) {
    if (name && value) (samples[name] ??= []).push(Number(value));
  }
  const figures = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
  const computed = ratios(figures);
  console.log(`\nkernel ${newestKernel.release} under QEMU TCG`);
  for (const [name, value] of Object.entries(figures)) console.log(`  ${name.padEnd(24)} ${value}`);
  for (const ratio of computed) {
    const verdict = ratio.value >= ratio.target ? 'meets' : 'MISSES';
    console.log(`  ${ratio.name.padEnd(34)} ${ratio.value}x  (${ratio.of}; ${verdict} target ${ratio.target}x)`);
  }
  const resultsDir = join(repoRoot, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const report = {
    kernel: newestKernel.release,
    date: new Date().toISOString(),
    iperfSeconds,
    rounds,
    hosts,
    figures,
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
