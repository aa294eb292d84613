/**
 * The step lag of a scenario as the command line plays it: `vnet up`, then
 * `vnet scenario run --log` of 200 link changes 100 ms apart on one link,
 * each step's actual start held against its scheduled time in the event log
 * (JSON Lines), a few runs in a row on one network. How long each step
 * took goes beside it: the runner waits for a change before the next, so a
 * step slower than the interval makes every later one late. Figures in ms.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendName } from '../../common/protocol/helper.js';
import { vnetFor } from '../../cli/testing.js';

const STEPS = 200;
// A tenth of a second apart: a link change takes 20-90 ms over netns, so closer steps queue behind each
// other and the figure becomes the backend's change time, not the runner's lag.
export const EVERY_MS = 100;
export const LAG_RUNS = 3;
export const LAG_TARGET_P99_MS = 10;

const network = (backend: BackendName) => ({
  version: 1,
  name: `faults-bench-lag-${backend}`,
  nodes: ['a', 'b'].map((id, i) => ({ id, kind: 'host', name: id, position: { x: i * 100, y: 0 } })),
  links: [{ id: 'a-b', a: { node: 'a' }, b: { node: 'b' } }],
});

/** The rate alternates, so every step changes the running link. */
const scenario = {
  steps: Array.from({ length: STEPS }, (_, i) => ({
    at: `${i * EVERY_MS}ms`,
    do: 'link set',
    link: 'a-b',
    params: { rate: i % 2 ? '10Mbit' : '20Mbit' },
  })),
};

export interface StepTimes {
  /** How late each step started (started − at). */
  lags: number[];
  /** How long each step took (finished − started). */
  took: number[];
}

function timesOf(log: string): StepTimes {
  const steps = log
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { event: string; at: number; started: number; finished: number })
    .filter((e) => e.event === 'step');
  return { lags: steps.map((e) => e.started - e.at), took: steps.map((e) => e.finished - e.started) };
}

/** Each run's step times. */
export function stepTimes(backend: BackendName): StepTimes[] {
  const vnet = vnetFor(`faults-bench-${backend}`);
  const file = (name: string, content: object) => {
    const path = join(vnet.scratch, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };
  const must = (args: string[]) => {
    const run = vnet.run(args);
    if (run.code !== 0) throw new Error(`vnet ${args.join(' ')}: ${run.stderr.trim() || run.stdout.trim()}`);
  };
  must(['up', file('network.json', network(backend)), '--backend', backend]);
  try {
    const steps = file('scenario.json', scenario);
    return Array.from({ length: LAG_RUNS }, (_, run) => {
      const log = join(vnet.scratch, `run${run}.jsonl`);
      must(['scenario', 'run', steps, '--log', log]);
      const times = timesOf(readFileSync(log, 'utf8'));
      if (times.lags.length !== STEPS) throw new Error(`the scenario log has ${times.lags.length} steps, not ${STEPS}`);
      return times;
    });
  } finally {
    must(['down', '--purge']);
  }
}

/** The value below which a fraction p of the sorted values lie (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? NaN;
}
