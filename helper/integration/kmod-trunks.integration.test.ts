/**
 * Switches joined as switches over the module: every switch a module segment, every switch-to-switch link a
 * module link with its own emulation and carrier (runs in the VM suite, 6.12 only).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HelperClient } from '../client.js';
import type { Topology } from '../../common/topology/index.js';
import { apply, shortestRtt, closeStartedHelpers, link, node, pings, startHelper, topology } from './harness.js';

afterEach(closeStartedHelpers);

const CHAIN = 20;

/** Switches s1 … s20 in a chain (link sN-sN+1), host h1 on s1 and h2 on s20. */
function chain(): Topology {
  const switches = Array.from({ length: CHAIN }, (_, i) => node(`s${i + 1}`, 'switch'));
  const trunks = switches.slice(1).map((s, i) => link(`s${i + 1}-${s.id}`, `s${i + 1}`, s.id));
  return topology({
    nodes: [...switches, node('h1'), node('h2')],
    links: [...trunks, link('h1-s1', 'h1', 's1'), link('h2-s20', 'h2', `s${CHAIN}`)],
  });
}

/** Patches one link of the running network as the designer does (the fast path for parameters and state). */
async function patchLink(helper: HelperClient, id: string, change: { params?: Record<string, number>; up?: boolean }) {
  const { revision, topology: running } = await helper.call('network.get', {});
  const current = running.links.find((l) => l.id === id);
  if (!current) throw new Error(`no link ${id}`);
  const edited = { ...current, ...change, params: { ...current.params, ...change.params } };
  return helper.call('network.patch', { revision, links: [edited] });
}

describe('switches joined by links over the module', () => {
  it('carries a ping across 20 switches, delays it on one trunk, cuts it there and restores it', async () => {
    const helper = startHelper();
    const started = await apply(helper, chain());
    expect(started.warnings).toEqual([]);
    const before = await shortestRtt(helper, 'h1', 'h2');
    expect(before).toBeGreaterThan(0);

    const middle = 's10-s11';
    expect((await patchLink(helper, middle, { params: { delayMs: 50 } })).changed).toEqual([middle]);
    const delayed = await shortestRtt(helper, 'h1', 'h2');
    // 50 ms each way on the trunk: the round trip grows by twice that.
    expect(delayed - before).toBeGreaterThan(95);
    expect(delayed - before).toBeLessThan(130);

    await patchLink(helper, middle, { up: false });
    expect(await pings(helper, 'h1', 'h2')).toBe(false);
    await patchLink(helper, middle, { up: true });
    expect(await pings(helper, 'h1', 'h2')).toBe(true);
  });
});
