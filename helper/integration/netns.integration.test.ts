/** What only the stock-kernel backend does: probe this kernel, per parameter (not run over the module). */
import { afterEach, describe, expect, it } from 'vitest';
import { apply, shortestRtt, closeStartedHelpers, link, node, startHelper, topology } from './harness.js';

afterEach(closeStartedHelpers);

describe('link emulation from stock kernel parts', () => {
  it('reports per parameter what this kernel can emulate, and says so when asked for more', async () => {
    const helper = startHelper();
    const version = await helper.call('helper.version', {});
    const netns = version.backends.netns;
    expect(netns.available).toBe(true);
    expect(netns.params.rate).toBe(true);
    expect(netns.params.loss).toBe(true);
    const t = topology({ nodes: [node('x'), node('y')], links: [link('x-y', 'x', 'y', { delayMs: 20 })] });
    const result = await apply(helper, t);
    if (netns.params.delay) {
      expect(result.warnings).toEqual([]);
      expect(await shortestRtt(helper, 'x', 'y', 3)).toBeGreaterThan(36);
    } else {
      expect(netns.reason).toMatch(/delay/);
      expect(result.warnings).toEqual([expect.stringMatching(/^link x-y: delay not applied/)]);
    }
  });
});
