import { describe, expect, it } from 'vitest';
import { labSchema } from '../common/lab/schema.js';
import { scoreLab } from '../common/lab/score.js';
import { checkOptions } from './check.js';
import { describeChange, jsonReport, junitReport, scoreChanges, tapReport, textReport } from './report.js';
import { UsageError } from './spec.js';

const lab = labSchema.parse({
  title: 'Routes & <reach>',
  tasks: [
    {
      title: 'Routes',
      checks: [
        { kind: 'route', node: 'r1', to: '10.0.2.0/24', points: 2 },
        { kind: 'route', node: 'r2', to: '10.0.1.0/24', points: 2, hint: 'via 10.0.12.1' },
      ],
    },
    {
      title: 'Reach # both ways',
      checks: [
        { kind: 'reachable', from: 'h1', to: 'h2', title: 'h1 "pings" h2' },
        { kind: 'reachable', from: 'h2', to: 'r1', hidden: true },
      ],
    },
  ],
});

const failing = scoreLab(lab, [
  { ok: true, seen: '10.0.2.0/24 via 10.0.12.2' },
  { ok: false, seen: 'no route to 10.0.1.0/24 (routes: 10.0.2.0/24, 10.0.12.0/24)' },
  { ok: false, seen: 'no reply from 10.0.2.10 in 2s' },
  { ok: false, seen: 'no reply from 10.0.1.1 in 2s' },
]);
const passing = scoreLab(
  lab,
  [0, 1, 2, 3].map(() => ({ ok: true, seen: 'fine' })),
);

describe('vnet check reports', () => {
  it('prints text: each task and check, what was seen and the hint under a failing one, the score', () => {
    expect(textReport(lab.title, failing)).toBe(
      [
        'Routes & <reach>',
        '',
        'Routes  2/4',
        '  ✓ r1 has a route to 10.0.2.0/24  2/2',
        '  ✗ r2 has a route to 10.0.1.0/24  0/2',
        '      seen: no route to 10.0.1.0/24 (routes: 10.0.2.0/24, 10.0.12.0/24)',
        '      hint: via 10.0.12.1',
        '',
        'Reach # both ways  0/2',
        '  ✗ h1 "pings" h2  0/1',
        '      seen: no reply from 10.0.2.10 in 2s',
        '  ✗ hidden check  0/1',
        '',
        'score: 2/6 points (33%)',
      ].join('\n'),
    );
  });

  it('prints JSON: the lab title with the whole score', () => {
    expect(JSON.parse(jsonReport(lab.title, failing))).toEqual({ title: lab.title, ...failing });
  });

  it('prints JUnit XML: a testsuite per task, a testcase per check, failures with what was seen, escaped', () => {
    expect(junitReport(lab.title, failing)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="Routes &amp; &lt;reach&gt;" tests="4" failures="3">',
        '  <testsuite name="Routes" tests="2" failures="1">',
        '    <properties><property name="points" value="4"/><property name="earned" value="2"/></properties>',
        '    <testcase classname="Routes" name="r1 has a route to 10.0.2.0/24">',
        '      <properties><property name="points" value="2"/></properties>',
        '    </testcase>',
        '    <testcase classname="Routes" name="r2 has a route to 10.0.1.0/24">',
        '      <properties><property name="points" value="2"/></properties>',
        '      <failure message="no route to 10.0.1.0/24 (routes: 10.0.2.0/24, 10.0.12.0/24)">no route to 10.0.1.0/24 (routes: 10.0.2.0/24, 10.0.12.0/24)',
        'hint: via 10.0.12.1</failure>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="Reach # both ways" tests="2" failures="2">',
        '    <properties><property name="points" value="2"/><property name="earned" value="0"/></properties>',
        '    <testcase classname="Reach # both ways" name="h1 &quot;pings&quot; h2">',
        '      <properties><property name="points" value="1"/></properties>',
        '      <failure message="no reply from 10.0.2.10 in 2s">no reply from 10.0.2.10 in 2s</failure>',
        '    </testcase>',
        '    <testcase classname="Reach # both ways" name="hidden check">',
        '      <properties><property name="points" value="1"/></properties>',
        '      <failure message="failed"></failure>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
      ].join('\n'),
    );
  });

  it('prints TAP: a test point per check, # escaped, a YAML block under a failing one', () => {
    expect(tapReport(lab.title, failing)).toBe(
      [
        'TAP version 14',
        '1..4',
        '# Routes & <reach>',
        'ok 1 - Routes: r1 has a route to 10.0.2.0/24',
        'not ok 2 - Routes: r2 has a route to 10.0.1.0/24',
        '  ---',
        '  seen: "no route to 10.0.1.0/24 (routes: 10.0.2.0/24, 10.0.12.0/24)"',
        '  points: 2',
        '  hint: "via 10.0.12.1"',
        '  ...',
        'not ok 3 - Reach \\# both ways: h1 "pings" h2',
        '  ---',
        '  seen: "no reply from 10.0.2.10 in 2s"',
        '  points: 1',
        '  ...',
        'not ok 4 - Reach \\# both ways: hidden check',
        '  ---',
        '  seen: ""',
        '  points: 1',
        '  ...',
        '# score: 2/6 points (33%)',
      ].join('\n'),
    );
  });

  it('says for --watch only the checks that changed and the new score', () => {
    expect(scoreChanges(failing, failing)).toEqual([]);
    const changes = scoreChanges(failing, passing);
    expect(changes.map(describeChange)).toEqual([
      '✓ r2 has a route to 10.0.1.0/24: now passes',
      '✓ h1 "pings" h2: now passes',
      '✓ h2 reaches r1: now passes',
      'score: 6/6 points (100%)',
    ]);
    expect(scoreChanges(passing, failing).map(describeChange)).toEqual([
      '✗ r2 has a route to 10.0.1.0/24: no longer passes (no route to 10.0.1.0/24 (routes: 10.0.2.0/24, 10.0.12.0/24))',
      '✗ h1 "pings" h2: no longer passes (no reply from 10.0.2.10 in 2s)',
      '✗ hidden check: no longer passes',
      'score: 2/6 points (33%)',
    ]);
  });
});

describe('vnet check options', () => {
  const refused = (flags: Parameters<typeof checkOptions>[0]) => {
    try {
      checkOptions(flags);
    } catch (error) {
      if (error instanceof UsageError) return error.message;
      throw error;
    }
    throw new Error('accepted');
  };

  it('takes one format, and --watch with text or JSON every interval', () => {
    expect(checkOptions({})).toEqual({ format: 'text' });
    expect(checkOptions({ tap: true })).toEqual({ format: 'tap' });
    expect(checkOptions({ watch: true })).toEqual({ format: 'text', watchMs: 3000 });
    expect(checkOptions({ watch: true, json: true, interval: 1500 })).toEqual({ format: 'json', watchMs: 1500 });
  });

  it('refuses flags that do not go together, naming them', () => {
    expect(refused({ json: true, junit: true })).toBe('--json and --junit: say one format');
    expect(refused({ interval: 1000 })).toBe('--interval goes only with --watch');
    expect(refused({ watch: true, junit: true })).toBe('--watch prints changes as text or JSON lines, not --junit');
    expect(refused({ watch: true, interval: 100 })).toBe('--interval 100ms: say at least 500ms');
  });
});
