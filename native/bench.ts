/**
 * Figures for the native addon (a script, not a test): namespace bring-up
 * against `ip netns add`, link counters of 1,000 links, spawn latency.
 * Run as root: `npm run bench:native`. Prints figures and ratios; writes
 * bench/results/native.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createNamespaces, deleteNamespaces, linkStats, spawn } from './index.js';

const COUNT = 1000;
const prefix = `vnet-b${process.pid}`;
const names = (label: string): string[] => Array.from({ length: COUNT }, (_, i) => `${prefix}-${label}${i}`);

async function seconds(work: () => Promise<unknown> | unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function ipBatch(commands: string[], netns?: string): void {
  const result = spawnSync('ip', [...(netns ? ['-n', netns] : []), '-batch', '-'], {
    input: commands.join('\n') + '\n',
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`ip -batch failed: ${result.stderr}`);
}

async function namespaceFigures() {
  const ours = names('a');
  const addon = await seconds(() => createNamespaces(ours));
  const addonDelete = await seconds(() => deleteNamespaces(ours));

  const viaBatch = names('b');
  const ipBatchAdd = await seconds(() => ipBatch(viaBatch.map((name) => `netns add ${name}`)));
  await deleteNamespaces(viaBatch);

  const viaProcesses = names('c');
  const ipProcesses = await seconds(() => viaProcesses.forEach((name) => execFileSync('ip', ['netns', 'add', name])));
  await deleteNamespaces(viaProcesses);
  return { addon, addonDelete, ipBatchAdd, ipProcesses };
}

/** 500 veth pairs (1,000 links) in one namespace; linkStats of all of them, 50 times. */
async function linkStatsFigures() {
  const netns = `${prefix}-links`;
  await createNamespaces([netns]);
  try {
    ipBatch(
      Array.from({ length: COUNT / 2 }, (_, i) => `link add v${i}a type veth peer name v${i}b`),
      netns,
    );
    const rounds = 100;
    let links = 0;
    const cpuBefore = process.cpuUsage();
    const total = await seconds(async () => {
      for (let i = 0; i < rounds; i++) links = (await linkStats(netns)).length;
    });
    const cpu = process.cpuUsage(cpuBefore);
    const cpuPerCallMs = (cpu.user + cpu.system) / 1000 / rounds;
    return { links, perCallMs: (total / rounds) * 1000, cpuPerCallMs, coreShareAt10Hz: (cpuPerCallMs * 10) / 1000 };
  } finally {
    await deleteNamespaces([netns]);
  }
}

async function spawnFigures() {
  const netns = `${prefix}-spawn`;
  await createNamespaces([netns]);
  try {
    const rounds = 50;
    const total = await seconds(async () => {
      for (let i = 0; i < rounds; i++) {
        const child = spawn({ netns, argv: ['/bin/true'], env: {}, uid: 65534, gid: 65534, groups: [] });
        await child.exited;
      }
    });
    return { perSpawnMs: (total / rounds) * 1000 };
  } finally {
    await deleteNamespaces([netns]);
  }
}

async function main(): Promise<void> {
  const namespaces = await namespaceFigures();
  console.log(`${COUNT} namespaces: createNamespaces ${namespaces.addon.toFixed(2)} s`);
  console.log(`  ip -batch "netns add" x${COUNT}: ${namespaces.ipBatchAdd.toFixed(2)} s`);
  console.log(`  ip netns add x${COUNT} (one process each): ${namespaces.ipProcesses.toFixed(2)} s`);
  console.log(
    `  ratio: ${(namespaces.ipProcesses / namespaces.addon).toFixed(1)}x faster than ip per namespace, ` +
      `${(namespaces.ipBatchAdd / namespaces.addon).toFixed(1)}x faster than ip -batch`,
  );
  console.log(`  deleteNamespaces of ${COUNT}: ${namespaces.addonDelete.toFixed(2)} s`);
  const stats = await linkStatsFigures();
  console.log(
    `linkStats of ${stats.links} links: ${stats.perCallMs.toFixed(2)} ms per call, ${stats.cpuPerCallMs.toFixed(2)} ms CPU` +
      ` (${(stats.coreShareAt10Hz * 100).toFixed(1)} % of a core at 10 Hz)`,
  );
  const spawned = await spawnFigures();
  console.log(`spawn + exit of /bin/true as nobody: ${spawned.perSpawnMs.toFixed(2)} ms`);

  const dir = fileURLToPath(new URL('../bench/results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    `${dir}native.json`,
    JSON.stringify({ count: COUNT, namespaces, linkStats: stats, spawn: spawned }, null, 2) + '\n',
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
