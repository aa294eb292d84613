import { describe, expect, it } from 'vitest';
import { checkTrunkReach, longestTrunkPath } from './trunk-reach.js';

/** Switches s1 … sN in a chain. */
function chain(n: number, prefix = 's'): { a: string; b: string }[] {
  return Array.from({ length: n - 1 }, (_, i) => ({ a: `${prefix}${i + 1}`, b: `${prefix}${i + 2}` }));
}

describe('longestTrunkPath', () => {
  it('is undefined without trunks', () => {
    expect(longestTrunkPath([])).toBeUndefined();
  });

  it('finds the two ends of a chain, whichever switch the walk starts from', () => {
    const trunks = chain(5);
    expect(longestTrunkPath([...trunks.slice(2), ...trunks.slice(0, 2)])).toMatchObject({ trunks: 4 });
    const { from, to } = longestTrunkPath(trunks) ?? {};
    expect([from, to].sort()).toEqual(['s1', 's5']);
  });

  it('takes the longest branch of a tree and the longest tree of a forest', () => {
    // t1 has branches of 1, 2 and 3 trunks: 5 from the tip of the 3 to the tip of the 2.
    const tree = [
      { a: 't1', b: 'x1' },
      { a: 't1', b: 'y1' },
      { a: 'y1', b: 'y2' },
      { a: 't1', b: 'z1' },
      { a: 'z1', b: 'z2' },
      { a: 'z2', b: 'z3' },
    ];
    expect(longestTrunkPath([...chain(3, 'c'), ...tree])).toMatchObject({ trunks: 5 });
  });
});

describe('checkTrunkReach', () => {
  it('takes 33 switches in a chain (32 trunks) and refuses 34, naming the two ends', () => {
    expect(() => checkTrunkReach(chain(33))).not.toThrow();
    expect(() => checkTrunkReach(chain(34))).toThrow(
      /switches s(1|34) and s(34|1) are 33 switch-to-switch links apart: over the vnet module a frame crosses at most 32/,
    );
  });
});
