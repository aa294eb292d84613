/** What only the module can do here: the kmod backend's report and delay emulation (runs in the VM suite). */
import { afterEach, describe, expect, it } from 'vitest';
import {
  apply,
  averageRtt,
  closeStartedHelpers,
  interfaceIndexes,
  link,
  node,
  startHelper,
  topology,
} from './harness.js';

afterEach(closeStartedHelpers);

describe('link emulation over the module', () => {
  it('reports the module with its ABI as available and preferred, every parameter supported', async () => {
    const helper = startHelper();
    const version = await helper.call('helper.version', {});
    expect(version.backends.kmod).toEqual({
      available: true,
      params: { delay: true, jitter: true, loss: true, duplicate: true, rate: true },
    });
    expect(version.abi).toBeGreaterThan(0);
    expect(version.preferred).toBe('kmod');
  });

  it('delays 50 ms each way (round trip 100 ms ± 10 %), then 20 ms after a live change', async () => {
    const helper = startHelper();
    const t = topology({ nodes: [node('x'), node('y')], links: [link('x-y', 'x', 'y', { delayMs: 50 })] });
    const first = await apply(helper, t);
    expect(first.warnings).toEqual([]);
    const rtt = await averageRtt(helper, 'x', 'y');
    expect(rtt).toBeGreaterThan(90);
    expect(rtt).toBeLessThan(110);

    const before = interfaceIndexes(first.status.hosts.x!.namespace);
    const edited = structuredClone(t);
    edited.links[0]!.params.delayMs = 20;
    const changed = await apply(helper, edited);
    expect(changed.changed).toEqual(['x-y']);
    expect(interfaceIndexes(changed.status.hosts.x!.namespace)).toEqual(before);
    const after = await averageRtt(helper, 'x', 'y');
    expect(after).toBeGreaterThan(36);
    expect(after).toBeLessThan(44);
  });
});
