import { describe, expect, it } from 'vitest';
import { RPC_ERRORS, type Notifications } from '../../common/protocol/helper.js';
import {
  apply,
  shareHelperInFile,
  interfaceIndexes,
  node,
  refusal,
  sample,
  startHelper,
  startSocketHelper,
} from './harness.js';

shareHelperInFile();

describe('network.patch', () => {
  it('counts revisions and refuses a patch made against an older one, changing nothing', async () => {
    const helper = startHelper();
    await apply(helper, sample('seed'));
    const first = await helper.call('network.get', {});
    expect(first.revision).toBe(1);
    const link = { ...first.topology.links[0]!, params: { ...first.topology.links[0]!.params, lossPercent: 5 } };
    const patched = await helper.call('network.patch', { revision: 1, links: [link] });
    expect({ revision: patched.revision, changed: patched.changed, hosts: patched.hosts }).toEqual({
      revision: 2,
      changed: ['a-lan'],
      hosts: {},
    });
    const stale = await refusal(helper.call('network.patch', { revision: 1, links: [link] }));
    expect(stale.code).toBe(RPC_ERRORS.staleRevision);
    expect(stale.message).toMatch(/revision 1.*revision 2/);
    const now = await helper.call('network.get', {});
    expect(now.revision).toBe(2);
    expect(now.topology.links[0]!.params.lossPercent).toBe(5);
    expect((await helper.call('network.status', {})).revision).toBe(2);
  });

  it('refuses unknown names with a message naming them, and leaves the network as it was', async () => {
    const helper = startHelper();
    await apply(helper, sample('seed'));
    const before = await helper.call('network.get', {});
    const unknown = await refusal(
      helper.call('network.patch', { revision: before.revision, removeLinks: ['a-lan', 'nope'], removeNodes: ['zz'] }),
    );
    expect(unknown.code).toBe(RPC_ERRORS.invalidParams);
    expect(unknown.message).toContain('no link "nope"');
    expect(unknown.message).toContain('no node "zz"');
    const dangling = await refusal(
      helper.call('network.patch', {
        revision: before.revision,
        links: [{ id: 'x', a: { node: 'a' }, b: { node: 'ghost' } }],
      }),
    );
    expect(dangling.message).toContain('no node "ghost"');
    expect(await helper.call('network.get', {})).toEqual(before);
  });

  it('answers with only the hosts whose status changed, and leaves the others untouched', async () => {
    const helper = startHelper();
    const first = await apply(helper, sample('seed'));
    const indexes = interfaceIndexes(first.status.hosts.a!.namespace);
    const added = await helper.call('network.patch', {
      revision: 1,
      nodes: [node('d')],
      links: [{ id: 'd-lan', a: { node: 'd' }, b: { node: 'lan' } }],
    });
    expect(Object.keys(added.hosts)).toEqual(['d']);
    expect(added.hosts.d!.interfaces.map((i) => i.linkId)).toEqual(['d-lan']);
    expect(added.added.sort()).toEqual(['d', 'd-lan']);
    const removed = await helper.call('network.patch', { revision: 2, removeNodes: ['d'] });
    expect(removed.hosts).toEqual({ d: null });
    expect(removed.removed.sort()).toEqual(['d', 'd-lan']);
    expect(interfaceIndexes(first.status.hosts.a!.namespace)).toEqual(indexes);
  });

  it('tells every session that the document changed', async () => {
    const { helper, connect } = startSocketHelper('patch-test');
    const [one, two] = [await connect(), await connect()];
    try {
      const seen: Notifications['network.changed'][] = [];
      two.on('network.changed', (n) => seen.push(n));
      await apply(one, sample('seed'));
      const { topology } = await one.call('network.get', {});
      await one.call('network.patch', { revision: 1, nodes: [{ ...topology.nodes[0]!, position: { x: 9, y: 9 } }] });
      await two.call('network.status', {});
      expect(seen).toEqual([{ revision: 1 }, { revision: 2 }]);
      expect((await two.call('network.get', {})).topology.nodes[0]!.position).toEqual({ x: 9, y: 9 });
    } finally {
      one.close();
      two.close();
      process.kill(helper.pid!, 'SIGTERM');
    }
  });
});
