/**
 * network.reseed: over the module the same seed loses the same packets of the same flow, another seed
 * others; over netns it is refused with a reason a tester understands.
 */
import { describe, expect, it } from 'vitest';
import { RPC_ERRORS } from '../../common/protocol/helper.js';
import { lostPings, quietLink } from './flow.js';
import { apply, BACKEND, shareHelperInFile, link, node, refusal, startHelper, topology } from './harness.js';

shareHelperInFile();

const PINGS = 100;

/** IPv4 only: one frame more on a link (a dual-stack host's IPv6 announcements) shifts every draw after it. */
const host = (id: string) => ({ ...node(id), ip: 'ipv4' as const });

/** x loses a fifth of what it sends to y; y's answers all come back. */
const lossy = (links = [{ ...link('x-y', 'x', 'y'), directions: { 'a>b': { lossPercent: 20 } } }]) =>
  topology({ name: 'faults-bench-reseed', nodes: [host('x'), host('y')], links });

describe.runIf(BACKEND === 'kmod')('reseed over the module', () => {
  it('loses the same packets under the same seed, others under another', async () => {
    const helper = startHelper();
    await apply(helper, lossy());
    const y = await quietLink(helper, 'x', 'y');
    const run = async (seed: number) => {
      await helper.call('network.reseed', { seed });
      return lostPings(helper, 'x', y, PINGS);
    };
    const first = await run(7);
    expect(first.length).toBeGreaterThan(PINGS / 20);
    expect(first.length).toBeLessThan(PINGS / 2);
    expect(await run(7)).toEqual(first);
    expect(await run(8)).not.toEqual(first);
  });

  it('seeds a link made after the reseed from the same seed', async () => {
    const helper = startHelper();
    await apply(helper, lossy());
    const y = await quietLink(helper, 'x', 'y');
    await helper.call('network.reseed', { seed: 7 });
    const first = await lostPings(helper, 'x', y, PINGS);
    // The link goes and comes back: new ports, whose generators would otherwise draw from the kernel's pool.
    await apply(helper, lossy([]));
    await apply(helper, lossy());
    expect(await lostPings(helper, 'x', await quietLink(helper, 'x', 'y'), PINGS)).toEqual(first);
  });
});

describe.runIf(BACKEND === 'netns')('reseed over netns', () => {
  it('is refused, saying why and what to use instead', async () => {
    const helper = startHelper();
    await apply(helper, lossy());
    const refused = await refusal(helper.call('network.reseed', { seed: 7 }));
    expect(refused.code).toBe(RPC_ERRORS.backendUnavailable);
    expect(refused.message).toMatch(/netns backend cannot make loss, duplication or jitter reproducible/);
    expect(refused.message).toMatch(/vnet module/);
  });
});
