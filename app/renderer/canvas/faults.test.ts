import { describe, expect, it } from 'vitest';
import { NO_FAULTS } from '../../../common/protocol/helper.js';
import { partitionGroup } from './faults.js';

describe('partitionGroup', () => {
  it('numbers the groups of the partitions in force, the same set once', () => {
    const faults = {
      crashed: [],
      partitions: [
        { from: ['a', 'b'], to: ['c'] },
        { from: ['c'], to: ['b', 'a'] },
        { from: ['d'], to: ['e'] },
      ],
    };
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((n) => partitionGroup(faults, n))).toEqual([0, 0, 1, 2, 3, undefined]);
  });

  it('draws nobody in a group without partitions', () => {
    expect(partitionGroup(NO_FAULTS, 'a')).toBeUndefined();
  });
});
