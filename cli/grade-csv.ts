/**
 * What `vnet grade` writes: one CSV row per submission (RFC 4180's quoting,
 * lines ending in \n as Unix tools expect), with
 * the points of each task, the total, the maximum, the percentage and the
 * failed checks, or why the submission could not be graded.
 */
import type { Lab } from '../common/lab/schema.js';
import { scoreLab, type LabScore } from '../common/lab/score.js';

/** A submission graded (its score), or not (why). */
export type GradeRow = { file: string; score: LabScore } | { file: string; error: string };

/** Longest `seen` kept in the failures column; `vnet check` on the submission tells all. */
const SEEN_MAX = 80;

/**
 * A cell: quoted when it holds a comma, a quote or a line break. Text a spreadsheet would run as
 * a formula (=, +, -, @ first: a file named so by a student) gets a leading apostrophe.
 */
function cell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function short(seen: string): string {
  return seen.length > SEEN_MAX ? `${seen.slice(0, SEEN_MAX - 1)}…` : seen;
}

/** "h1 reaches h2 (no reply from 10.0.2.10); …": each failed check with what was seen. */
export function failures(score: LabScore): string {
  return score.tasks
    .flatMap((task) => task.checks.filter((c) => !c.ok))
    .map((c) => (c.seen ? `${c.title} (${short(c.seen)})` : c.title))
    .join('; ');
}

function values(row: GradeRow, max: number, tasks: number): (string | number)[] {
  if ('error' in row) return [row.file, ...Array<string>(tasks).fill(''), '', max, '', row.error];
  const { score } = row;
  return [row.file, ...score.tasks.map((t) => t.earned), score.earned, score.points, score.percent, failures(score)];
}

/** The header (file, one column per task title, total, max, percent, failures) and a row per submission. */
export function gradeCsv(lab: Lab, rows: readonly GradeRow[]): string {
  const max = scoreLab(lab, []).points;
  const header = ['file', ...lab.tasks.map((t) => t.title), 'total', 'max', 'percent', 'failures'];
  return [header, ...rows.map((row) => values(row, max, lab.tasks.length))]
    .map((line) => line.map(cell).join(',') + '\n')
    .join('');
}
