/** A running lab's locks: the helper refuses every apply or patch that changes what they lock, nothing changed. */
import { describe, expect, it } from 'vitest';
import { RPC_ERRORS } from '../../common/protocol/helper.js';
import type { Topology } from '../../common/topology/index.js';
import type { HelperClient } from '../client.js';
import { apply, shareHelperInFile, link, node, refusal, startHelper, topology } from './harness.js';

shareHelperInFile();

const LOCKED = topology({
  name: 'labcore-locks',
  nodes: [node('h1'), node('s1', 'switch'), node('h2'), node('h3')],
  links: [link('h1-s1', 'h1', 's1'), link('h2-s1', 'h2', 's1'), link('h3-s1', 'h3', 's1')],
  lab: {
    title: 'Locks',
    tasks: [{ title: 'Reach', checks: [{ kind: 'reachable', from: 'h1', to: 'h2' }] }],
    locked: [{ link: 'h1-s1', fields: ['params'] }, { node: 'h2' }],
  },
});

function withLink(doc: Topology, id: string, change: Partial<Topology['links'][number]>): Topology {
  return { ...doc, links: doc.links.map((l) => (l.id === id ? { ...l, ...change } : l)) };
}

const lossy = (l: Topology['links'][number]) => ({ params: { ...l.params, lossPercent: 50 } });

async function started(): Promise<{ helper: HelperClient; doc: Topology; revision: number }> {
  const helper = startHelper();
  await apply(helper, LOCKED);
  const { topology: doc, revision } = await helper.call('network.get', {});
  return { helper, doc, revision };
}

/** Refused as locked, with the message, and the running document as it was. */
async function expectLocked(helper: HelperClient, call: Promise<unknown>, message: string, before: Topology) {
  const error = await refusal(call);
  expect(error.code).toBe(RPC_ERRORS.locked);
  expect(error.message).toBe(message);
  const now = await helper.call('network.get', {});
  expect(now).toEqual({ topology: before, revision: 1 });
}

describe('a running lab locks', () => {
  it("a locked link's parameters, through apply and through patch", async () => {
    const { helper, doc, revision } = await started();
    const h1s1 = doc.links.find((l) => l.id === 'h1-s1')!;
    const message = 'link h1-s1 is locked by the lab: its params cannot change';
    await expectLocked(helper, apply(helper, withLink(doc, 'h1-s1', lossy(h1s1))), message, doc);
    await expectLocked(
      helper,
      helper.call('network.patch', { revision, links: [{ ...h1s1, ...lossy(h1s1) }] }),
      message,
      doc,
    );
  });

  it('what it does not lock: another field of the locked link, and an unlocked link', async () => {
    const { helper, doc, revision } = await started();
    const h1s1 = doc.links.find((l) => l.id === 'h1-s1')!;
    const h3s1 = doc.links.find((l) => l.id === 'h3-s1')!;
    const cut = await helper.call('network.patch', { revision, links: [{ ...h1s1, up: false }] });
    expect(cut.changed).toEqual(['h1-s1']);
    const applied = await apply(
      helper,
      withLink(
        { ...doc, links: doc.links.map((l) => (l.id === 'h1-s1' ? { ...l, up: false } : l)) },
        'h3-s1',
        lossy(h3s1),
      ),
    );
    expect(applied.changed).toEqual(['h3-s1']);
    expect((await helper.call('network.get', {})).revision).toBe(3);
  });

  it('a locked node: it cannot be removed, by patch or by apply', async () => {
    const { helper, doc, revision } = await started();
    await expectLocked(
      helper,
      helper.call('network.patch', { revision, removeNodes: ['h2'] }),
      'node h2 is locked by the lab: it cannot be removed',
      doc,
    );
    const without = {
      ...doc,
      nodes: doc.nodes.filter((n) => n.id !== 'h2'),
      links: doc.links.filter((l) => l.id !== 'h2-s1'),
    };
    await expectLocked(helper, apply(helper, without), 'node h2 is locked by the lab: it cannot be removed', doc);
  });

  it('the lab itself, while it runs; a network started afresh is never refused', async () => {
    const { helper, doc } = await started();
    const unlocked = { ...doc, lab: undefined };
    await expectLocked(
      helper,
      apply(helper, unlocked),
      'the lab is locked: its tasks and locks cannot change while it runs',
      doc,
    );
    await helper.call('network.stop', {});
    const again = await apply(
      helper,
      withLink(unlocked, 'h1-s1', { params: { ...doc.links[0]!.params, lossPercent: 50 } }),
    );
    expect(again.status.state).toBe('running');
  });
});
