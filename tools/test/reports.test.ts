import { describe, expect, it } from 'vitest';
import { tallyTap } from './reports.js';

describe('TAP tallies', () => {
  it('counts results with trailing comments, skips and failures', () => {
    const tally = tallyTap(
      ['1..3', 'ok 1 - a # time=80.67ms', 'not ok 2 - b # time=3ms', 'ok 3 - c # SKIP no device'].join('\n'),
    );
    expect(tally).toEqual({ passed: 1, failed: 1, skipped: 1, failures: ['b'] });
  });

  it('adds up the plans of several streams and fails what never reported', () => {
    const tally = tallyTap(['1..2', 'ok 1 - a', 'ok 2 - b', '1..2', 'ok 1 - c'].join('\n'));
    expect(tally.passed).toBe(3);
    expect(tally.failed).toBe(1);
    expect(tally.failures).toEqual(['1 planned tests never reported']);
  });
});
