/**
 * Reproducible loss over the module: a link losing 20 % of what one side
 * sends, a ping flow across it after each network.reseed. Each seed is
 * played twice (the same packet numbers must be lost), and the seeds'
 * lost sets are held against each other (they should differ).
 */
import type { BackendName } from '../../common/protocol/helper.js';
import { readTopology } from '../../common/topology/index.js';
import type { HelperClient } from '../../helper/client.js';
import { lostPings, quietLink } from '../../helper/integration/flow.js';

export const RESEED_PINGS = 500;
const SEEDS = [1, 2, 3];

export interface SeedRuns {
  seed: number;
  /** How many pings of each run were lost. */
  lost: [number, number];
  /** Whether both runs lost the same sequence numbers. */
  same: boolean;
}

export interface Reproducibility {
  pings: number;
  seeds: SeedRuns[];
  /** Whether two different seeds ever lost the same sequence numbers. */
  seedsAlike: boolean;
}

const lossy = readTopology({
  version: 1,
  name: 'faults-bench-reseed',
  nodes: ['x', 'y'].map((id, i) => ({ id, kind: 'host', name: id, position: { x: i * 100, y: 0 } })),
  links: [{ id: 'x-y', a: { node: 'x' }, b: { node: 'y' }, directions: { 'a>b': { lossPercent: 20 } } }],
});

export async function reproducibility(helper: HelperClient, backend: BackendName): Promise<Reproducibility> {
  await helper.call('network.apply', { topology: lossy, backend });
  try {
    const y = await quietLink(helper, 'x', 'y');
    const play = async (seed: number) => {
      await helper.call('network.reseed', { seed });
      return (await lostPings(helper, 'x', y, RESEED_PINGS)).join(',');
    };
    const firsts: string[] = [];
    const seeds: SeedRuns[] = [];
    for (const seed of SEEDS) {
      const [first, second] = [await play(seed), await play(seed)];
      const count = (set: string) => (set ? set.split(',').length : 0);
      seeds.push({ seed, lost: [count(first), count(second)], same: first === second });
      firsts.push(first);
    }
    return { pings: RESEED_PINGS, seeds, seedsAlike: new Set(firsts).size < firsts.length };
  } finally {
    await helper.call('network.stop', {});
  }
}

export function describeReproducibility(backend: BackendName, r: Reproducibility): string[] {
  return [
    ...r.seeds.map(
      ({ seed, lost: [a, b], same }) =>
        `${backend}: reseed ${seed}, ${r.pings} pings over 20 % loss: ${a} then ${b} lost, ${same ? 'the same' : 'DIFFERENT'} packet numbers`,
    ),
    `${backend}: ${r.seeds.length} different seeds lost ${r.seedsAlike ? 'the SAME packets (some of them)' : 'different packets'} (target: same seed same packets, other seeds others)`,
  ];
}
