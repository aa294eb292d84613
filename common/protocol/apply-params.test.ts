import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { requestParams } from './helper.js';
import { ApplyParamsMemo, sameJson } from './apply-params.js';

const seed = JSON.parse(readFileSync(new URL('../../samples/seed.json', import.meta.url), 'utf8'));
/** Each request arrives as a fresh JSON text, as over the wire. */
const wire = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('ApplyParamsMemo', () => {
  it('parses like the schema, then reuses unchanged nodes and links and parses the changed one', () => {
    const memo = new ApplyParamsMemo();
    const first = memo.safeParse(wire({ topology: seed }));
    expect(first).toEqual(requestParams['network.apply'].safeParse(wire({ topology: seed })));

    const edited = structuredClone(seed);
    edited.links[1].params = { delayMs: 20 };
    edited.nodes[0].position = { x: 5, y: 6 };
    const second = memo.safeParse(wire({ topology: edited, backend: 'netns' }));
    expect(second).toEqual(requestParams['network.apply'].safeParse(wire({ topology: edited, backend: 'netns' })));
    const [before, after] = [first.data!.topology, second.data!.topology];
    expect(after.links[0]).toBe(before.links[0]);
    expect(after.links[1]).not.toBe(before.links[1]);
    expect(after.links[1]?.params.delayMs).toBe(20);
    expect(after.nodes[0]).not.toBe(before.nodes[0]);
    expect(after.nodes[1]).toBe(before.nodes[1]);
  });

  it('reports a bad element with the schema’s own message, and remembers only accepted requests', () => {
    const memo = new ApplyParamsMemo();
    const good = memo.safeParse(wire({ topology: seed }));
    const bad = structuredClone(seed);
    bad.links[0].params = { lossPercent: 101 };
    const refused = memo.safeParse(wire({ topology: bad }));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues).toEqual(
      requestParams['network.apply'].safeParse(wire({ topology: bad })).error?.issues,
    );
    expect(memo.safeParse(wire({ topology: { ...seed, surprise: 1 } })).success).toBe(false);
    expect(memo.safeParse(wire({ topology: seed, surprise: 1 })).success).toBe(false);
    expect(memo.safeParse(wire({ topology: seed })).data?.topology.links[0]).toBe(good.data?.topology.links[0]);
  });
});

describe('sameJson', () => {
  it('compares parsed JSON deeply, keys in any order', () => {
    expect(sameJson({ a: [1, { b: null }], c: 'x' }, { c: 'x', a: [1, { b: null }] })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
    expect(sameJson([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameJson({ a: [1] }, { a: [1, 2] })).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });
});
