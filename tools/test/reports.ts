/** Reading each runner's results into one shape: counts plus the names that failed, each with why. */
export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  failures: string[];
}

export const emptyTally = (): Tally => ({ passed: 0, failed: 0, skipped: 0, failures: [] });

/** Longest reason kept: enough for an assertion's first line, not a page of diff. */
const REASON_CHARS = 300;

/**
 * A failed test's name and the first line of what it threw: CI shows only the summary's end, and a
 * name alone says nothing of which step failed.
 */
function failure(name: string, message: string | undefined): string {
  const first = message
    // eslint-disable-next-line no-control-regex -- the terminal's colour codes, not text
    ?.replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .find((line) => line.trim())
    ?.trim();
  return first ? `${name}: ${first.slice(0, REASON_CHARS)}` : name;
}

interface VitestReport {
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
}

export function tallyVitest(json: string): Tally {
  const report = JSON.parse(json) as VitestReport;
  const tally = emptyTally();
  for (const file of report.testResults) {
    if (file.assertionResults.length === 0 && file.status === 'failed') {
      tally.failed++;
      tally.failures.push(`${file.name}: ${file.message ?? 'failed to load'}`);
    }
    for (const test of file.assertionResults) {
      if (test.status === 'passed') tally.passed++;
      else if (test.status === 'failed') {
        tally.failed++;
        tally.failures.push(failure(test.fullName, test.failureMessages?.[0]));
      } else tally.skipped++;
    }
  }
  return tally;
}

interface PlaywrightError {
  message?: string;
  /** Where in the spec it was thrown: which step failed. */
  location?: { file: string; line: number };
}

interface PlaywrightSuite {
  title: string;
  specs: { title: string; tests: { status: string; results?: { error?: PlaywrightError }[] }[] }[];
  suites?: PlaywrightSuite[];
}

export function tallyPlaywright(json: string): Tally {
  const report = JSON.parse(json) as { suites: PlaywrightSuite[]; errors?: { message: string }[] };
  const tally = emptyTally();
  const walk = (suite: PlaywrightSuite, prefix: string): void => {
    for (const spec of suite.specs) {
      for (const test of spec.tests) {
        if (test.status === 'expected' || test.status === 'flaky') tally.passed++;
        else if (test.status === 'skipped') tally.skipped++;
        else {
          tally.failed++;
          const error = test.results?.findLast((result) => result.error)?.error;
          const at = error?.location ? ` (line ${error.location.line})` : '';
          tally.failures.push(failure(`${prefix}${spec.title}${at}`, error?.message));
        }
      }
    }
    suite.suites?.forEach((child) => walk(child, `${prefix}${child.title} > `));
  };
  report.suites.forEach((suite) => walk(suite, `${suite.title} > `));
  for (const error of report.errors ?? []) {
    tally.failed++;
    tally.failures.push(error.message.split('\n')[0] ?? 'error');
  }
  return tally;
}

/** `ok 3 - name # SKIP why` or `# time=12ms`: the comment after `#` is optional and only SKIP/TODO matter. */
const TAP_RESULT = /^(not )?ok\b\s*\d*\s*-?\s*([^#]*)(#\s*(\w+).*)?$/i;
const TAP_PLAN = /^1\.\.(\d+)/;

export function tallyTap(output: string): Tally {
  const tally = emptyTally();
  // A suite may print several TAP streams (one per runner it starts): their plans add up.
  let planned: number | undefined;
  for (const line of output.split('\n')) {
    const plan = TAP_PLAN.exec(line);
    if (plan) planned = (planned ?? 0) + Number(plan[1]);
    const result = TAP_RESULT.exec(line);
    if (!result) continue;
    const [, not, name = '', , directive] = result;
    if (directive?.toUpperCase() === 'SKIP') tally.skipped++;
    else if (not) {
      tally.failed++;
      tally.failures.push(name.trim());
    } else tally.passed++;
  }
  const seen = tally.passed + tally.failed + tally.skipped;
  if (planned !== undefined && seen < planned) {
    tally.failed += planned - seen;
    tally.failures.push(`${planned - seen} planned tests never reported`);
  }
  return tally;
}
