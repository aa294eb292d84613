/**
 * A lab's score (common/lab/score.ts) as `vnet check` prints it: text for a
 * person, JSON, JUnit XML and TAP for CI, and for `--watch` only what
 * changed between two runs. Pure functions of the score: nothing here asks
 * the network anything.
 */
import type { CheckScore, LabScore } from '../common/lab/score.js';

export const REPORT_FORMATS = ['text', 'json', 'junit', 'tap'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const PASS = '✓';
const FAIL = '✗';

function points(earned: number, of: number): string {
  return `${earned}/${of}`;
}

/** "6/10 points (60%)" */
export function describeScore(score: Pick<LabScore, 'earned' | 'points' | 'percent'>): string {
  return `${points(score.earned, score.points)} points (${score.percent}%)`;
}

function checkLines(check: CheckScore): string[] {
  const lines = [`  ${check.ok ? PASS : FAIL} ${check.title}  ${points(check.earned, check.points)}`];
  if (!check.ok && check.seen) lines.push(`      seen: ${check.seen}`);
  if (!check.ok && check.hint) lines.push(`      hint: ${check.hint}`);
  return lines;
}

/** Each task with its checks (what was seen and the hint under a failing one), then the score. */
export function textReport(title: string, score: LabScore): string {
  return [
    title,
    ...score.tasks.flatMap((task) => [
      '',
      `${task.title}  ${points(task.earned, task.points)}`,
      ...task.checks.flatMap(checkLines),
    ]),
    '',
    `score: ${describeScore(score)}`,
  ].join('\n');
}

export function jsonReport(title: string, score: LabScore): string {
  return JSON.stringify({ title, ...score });
}

/** Text for XML content and attributes; characters XML 1.0 cannot hold (controls) dropped. */
function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

function failures(checks: readonly CheckScore[]): number {
  return checks.filter((c) => !c.ok).length;
}

function junitCase(task: string, check: CheckScore): string {
  const open = `    <testcase classname="${xml(task)}" name="${xml(check.title)}">`;
  const points = `      <properties><property name="points" value="${check.points}"/></properties>`;
  if (check.ok) return [open, points, '    </testcase>'].join('\n');
  const body = [check.seen, ...(check.hint ? [`hint: ${check.hint}`] : [])].join('\n');
  const failure = `      <failure message="${xml(check.seen || 'failed')}">${xml(body)}</failure>`;
  return [open, points, failure, '    </testcase>'].join('\n');
}

/** One testsuite per task, one testcase per check; a failure carries what was seen. */
export function junitReport(title: string, score: LabScore): string {
  const all = score.tasks.flatMap((t) => t.checks);
  const suites = score.tasks.map((task) =>
    [
      `  <testsuite name="${xml(task.title)}" tests="${task.checks.length}" failures="${failures(task.checks)}">`,
      `    <properties><property name="points" value="${task.points}"/><property name="earned" value="${task.earned}"/></properties>`,
      ...task.checks.map((check) => junitCase(task.title, check)),
      '  </testsuite>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(title)}" tests="${all.length}" failures="${failures(all)}">`,
    ...suites,
    '</testsuites>',
  ].join('\n');
}

/** A TAP description: `#` starts a directive there, so it is escaped; one line. */
function tapText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/#/g, '\\#')
    .replace(/\s*\n\s*/g, ' ');
}

/** TAP 14: one test point per check (task: check), a YAML block under a failing one, the score as a comment. */
export function tapReport(title: string, score: LabScore): string {
  const lines = ['TAP version 14', `1..${score.tasks.reduce((n, t) => n + t.checks.length, 0)}`, `# ${tapText(title)}`];
  let n = 0;
  for (const task of score.tasks)
    for (const check of task.checks) {
      lines.push(`${check.ok ? 'ok' : 'not ok'} ${++n} - ${tapText(`${task.title}: ${check.title}`)}`);
      if (check.ok) continue;
      // JSON strings are YAML scalars: no quoting rules of our own.
      lines.push('  ---', `  seen: ${JSON.stringify(check.seen)}`, `  points: ${check.points}`);
      if (check.hint) lines.push(`  hint: ${JSON.stringify(check.hint)}`);
      lines.push('  ...');
    }
  lines.push(`# score: ${describeScore(score)}`);
  return lines.join('\n');
}

export function report(format: ReportFormat, title: string, score: LabScore): string {
  switch (format) {
    case 'text':
      return textReport(title, score);
    case 'json':
      return jsonReport(title, score);
    case 'junit':
      return junitReport(title, score);
    case 'tap':
      return tapReport(title, score);
  }
}

/** What `--watch` says between two runs: a check that started or stopped passing, or a new score. */
export type ScoreChange =
  | { change: 'check'; task: string; check: CheckScore }
  | { change: 'score'; earned: number; points: number; percent: number };

/** The changes from `before` to `after`, two scores of one lab (same tasks and checks, in order). */
export function scoreChanges(before: LabScore, after: LabScore): ScoreChange[] {
  const checks = after.tasks.flatMap((task, t) =>
    task.checks
      .filter((check, c) => before.tasks[t]?.checks[c]?.ok !== check.ok)
      .map((check): ScoreChange => ({ change: 'check', task: task.title, check })),
  );
  if (before.earned === after.earned) return checks;
  const { earned, points, percent } = after;
  return [...checks, { change: 'score', earned, points, percent }];
}

/** One line of `--watch` text, after the time. */
export function describeChange(change: ScoreChange): string {
  if (change.change === 'score') return `score: ${describeScore(change)}`;
  const { check } = change;
  return check.ok
    ? `${PASS} ${check.title}: now passes`
    : `${FAIL} ${check.title}: no longer passes${check.seen ? ` (${check.seen})` : ''}`;
}
