import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topologySchema, type Topology } from '../../../common/topology/index.js';
import { initialState, type State } from '../store/index.js';
import { attachment, sameNetwork } from './attach.js';

const seed = topologySchema.parse(
  JSON.parse(readFileSync(new URL('../../../samples/seed.json', import.meta.url), 'utf8')),
) as Topology;
/** The seed as another program wrote it: keys in another order, defaults left out, nodes moved. */
const seedRewritten = JSON.parse(
  readFileSync(new URL('../../../samples/seed.json', import.meta.url), 'utf8'),
  (key, value) => (key === 'position' ? { x: value.x + 40, y: value.y } : value),
) as Topology;
const renamed: Topology = { ...seed, nodes: seed.nodes.map((n) => (n.id === 'a' ? { ...n, name: 'web' } : n)) };

const view = (patch: Partial<State>): State => ({ ...initialState(), ...patch });

describe('a view finding the network running', () => {
  it('shows it when it holds nothing (a reload, a new tab; an empty drawing never touched)', () => {
    expect(attachment(view({}), seed).kind).toBe('show');
    expect(attachment(view({ documentOpen: true }), seed).kind).toBe('show');
  });

  it('keeps its drawing when that is the same network, however written and wherever its nodes are', () => {
    expect(sameNetwork(seed, seedRewritten)).toBe(true);
    expect(attachment(view({ documentOpen: true, topology: seedRewritten }), seed).kind).toBe('keep');
  });

  it('asks when it holds another network: the open drawing, or the draft the start screen offers', () => {
    expect(sameNetwork(seed, renamed)).toBe(false);
    expect(attachment(view({ documentOpen: true, topology: renamed }), seed)).toMatchObject({
      kind: 'ask',
      held: { draft: false },
    });
    const draft = { topology: renamed, path: '/home/me/seed.json' };
    expect(attachment(view({ draft }), seed)).toEqual({ kind: 'ask', held: { doc: draft, draft: true } });
  });
});
