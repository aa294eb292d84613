import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNamespaces, deleteNamespaces, linkStats } from './index.js';
import { runIn, uniqueName } from './integration-helpers.js';

const netns = uniqueName('stats');

beforeAll(async () => {
  await createNamespaces([netns]);
});

afterAll(async () => {
  await deleteNamespaces([netns]);
});

async function loopback(): Promise<Awaited<ReturnType<typeof linkStats>>[number]> {
  const lo = (await linkStats(netns)).find((link) => link.name === 'lo');
  if (!lo) throw new Error(`no lo in ${netns}`);
  return lo;
}

describe('linkStats', () => {
  it('lists the links of the namespace, not the caller’s', async () => {
    await runIn(netns, ['ip', 'link', 'add', 'probe0', 'type', 'veth', 'peer', 'name', 'probe1']);
    const names = (await linkStats(netns)).map((link) => link.name).sort();
    expect(names).toEqual(['lo', 'probe0', 'probe1']);
    expect((await linkStats()).map((link) => link.name)).not.toContain('probe0');
  });

  it('counts the packets of a ping inside the namespace', async () => {
    await runIn(netns, ['ip', 'link', 'set', 'lo', 'up']);
    const before = await loopback();
    const ping = await runIn(netns, ['ping', '-c', '3', '-i', '0.2', '-W', '1', '127.0.0.1']);
    expect(ping.code).toBe(0);
    const after = await loopback();
    // 3 requests and 3 replies, each sent and received on lo.
    expect(after.txPackets - before.txPackets).toBe(6);
    expect(after.rxPackets - before.rxPackets).toBe(6);
    expect(after.txBytes - before.txBytes).toBeGreaterThanOrEqual(6 * 84);
  });

  it('rejects a missing namespace naming it', async () => {
    const absent = uniqueName('absent');
    await expect(linkStats(absent)).rejects.toMatchObject({
      code: 'ENOENT',
      message: `namespace "${absent}": open /run/netns/${absent}: No such file or directory`,
    });
  });
});
