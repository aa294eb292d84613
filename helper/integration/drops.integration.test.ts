/** Dropped frames in the stats stream: by reason over the module, a total only where reasons are unknown. */
import { afterEach, describe, expect, it } from 'vitest';
import { DROP_REASONS } from '../../common/protocol/helper.js';
import { apply, BACKEND, closeStartedHelpers, link, nextStats, node, runIn, startHelper, topology } from './harness.js';

afterEach(closeStartedHelpers);

describe('drops', () => {
  it('are counted under loss over the module, and as a total without reasons over netns', async () => {
    const helper = startHelper();
    const lossy = topology({ nodes: [node('x'), node('y')], links: [link('x-y', 'x', 'y', { lossPercent: 100 })] });
    await apply(helper, lossy);
    // Every frame x sends is lost (its ARP requests first): ping cannot get through.
    expect((await runIn(helper, 'x', ['ping', '-c', '3', '-i', '0.2', '-W', '1', '-q', 'y'])).code).not.toBe(0);
    await helper.call('stats.subscribe', { hz: 10 });
    const { links } = await nextStats(helper, 2);
    const seen = links['x-y']!;
    if (BACKEND === 'kmod') {
      expect(seen.dropsByReason?.loss).toBeGreaterThan(0);
      expect(DROP_REASONS.reduce((sum, reason) => sum + (seen.dropsByReason?.[reason] ?? 0), 0)).toBe(seen.drops);
    } else {
      expect(seen).not.toHaveProperty('dropsByReason');
    }
  });
});
