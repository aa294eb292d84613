import { describe, expect, it } from 'vitest';
import { tallyPlaywright, tallyTap, tallyVitest } from './reports.js';

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

describe('failures name why', () => {
  it('keeps the first line of a Playwright error, without colours', () => {
    const error = {
      location: { file: '/r/e2e/views.spec.ts', line: 83 },
      message:
        '\x1b[31mError: Timed out 30000ms waiting for expect(locator).toHaveText(expected)\x1b[39m\n\nLocator: x',
    };
    const report = {
      suites: [
        {
          title: 'views.spec.ts',
          specs: [{ title: 'two views', tests: [{ status: 'unexpected', results: [{}, { error }] }] }],
        },
      ],
    };
    expect(tallyPlaywright(JSON.stringify(report)).failures).toEqual([
      'views.spec.ts > two views (line 83): Error: Timed out 30000ms waiting for expect(locator).toHaveText(expected)',
    ]);
  });

  it('keeps the first line of a vitest failure, cut to a line of reading', () => {
    const report = {
      testResults: [
        {
          name: 'f.test.ts',
          status: 'failed',
          assertionResults: [
            { fullName: 'a', status: 'failed', failureMessages: [`\nAssertionError: ${'x'.repeat(400)}\n    at f`] },
            { fullName: 'b', status: 'failed' },
          ],
        },
      ],
    };
    const [a, b] = tallyVitest(JSON.stringify(report)).failures;
    expect(a).toBe(`a: AssertionError: ${'x'.repeat(300 - 'AssertionError: '.length)}`);
    expect(b).toBe('b');
  });
});
