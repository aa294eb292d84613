/**
 * What the helper's benchmarks (bench:helper, bench:faults) share: a helper
 * started from the sources, the network of N hosts on one switch they
 * measure, timing, and one run per available backend written to
 * bench/results/<name>.json with the machine's load beside the figures.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BACKENDS, type BackendName } from '../../common/protocol/helper.js';
import { readTopology, type Topology } from '../../common/topology/index.js';
import { HelperClient } from '../../helper/client.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A helper from the sources of this checkout, or of another one (`root` ends in /). */
export function startHelper(root = ROOT): HelperClient {
  return HelperClient.start({ command: [process.execPath, '--import', 'tsx', `${root}helper/main.ts`] });
}

export function hostsOnSwitch(count: number): Topology {
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

export async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}

const CLOCK_TICKS = 100;

/** The CPU time a process has used itself (not its children), in seconds. */
export function cpuSeconds(pid: number): number {
  const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * Runs `bench` over every backend available here (on a helper of its own) and writes the figures,
 * with `extra` ones measured before, to bench/results/<name>.json.
 */
export async function benchEachBackend(
  name: string,
  bench: (helper: HelperClient, backend: BackendName) => Promise<Record<string, unknown>>,
  extra: Record<string, unknown> = {},
): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error(`bench:${name} needs root (network namespaces)`);
  const probe = startHelper();
  const version = await probe.call('helper.version', {});
  probe.close();
  await probe.exited();
  const results: Record<string, unknown> = {
    ...extra,
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
    const helper = startHelper();
    try {
      results[backend] = await bench(helper, backend);
    } finally {
      helper.close();
      await helper.exited();
    }
  }
  mkdirSync(`${ROOT}bench/results`, { recursive: true });
  writeFileSync(`${ROOT}bench/results/${name}.json`, JSON.stringify(results, null, 2) + '\n');
  console.log(`wrote bench/results/${name}.json`);
}
