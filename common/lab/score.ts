/**
 * A lab's score from the helper's answers to its checks: per task and in
 * total, in points. One function, so the checklist, `vnet check` and
 * `vnet grade` count alike.
 */
import { describeCheck } from '../checks/describe.js';
import type { Check, CheckOutcome } from '../checks/schema.js';
import { GRADING_FIELDS, type GradedCheck, type Lab } from './schema.js';

export interface CheckScore {
  /** What the student reads: the title, or the check described; "hidden check" while a hidden one fails. */
  title: string;
  ok: boolean;
  points: number;
  earned: number;
  /** What was found (empty for a hidden check that fails). */
  seen: string;
  hint?: string;
}

export interface TaskScore {
  title: string;
  earned: number;
  points: number;
  checks: CheckScore[];
}

export interface LabScore {
  earned: number;
  points: number;
  /** 0-100, rounded down so 100 means every point. */
  percent: number;
  tasks: TaskScore[];
}

/** Every check of the lab in order (tasks one after the other), without its grading: what checks.run is asked. */
export function labChecks(lab: Lab): Check[] {
  const grading = new Set<string>(GRADING_FIELDS);
  return lab.tasks.flatMap((task) =>
    task.checks.map(
      (graded) => Object.fromEntries(Object.entries(graded).filter(([key]) => !grading.has(key))) as Check,
    ),
  );
}

/** What scoring needs of a check: a lab's graded check, or a titled line worth points (a template's check). */
export type ScoredCheck = GradedCheck | (Pick<GradedCheck, 'points' | 'hint' | 'hidden'> & { title: string });

/** Tasks of checks to score: a lab's, or the template checks `vnet check` groups by template. */
export interface Checklist {
  tasks: { title: string; checks: ScoredCheck[] }[];
}

function scoreCheck(check: ScoredCheck, outcome: CheckOutcome): CheckScore {
  const { title, points, hint, hidden } = check;
  const concealed = hidden === true && !outcome.ok;
  return {
    // Only a lab's check may go untitled.
    title: concealed ? 'hidden check' : (title ?? describeCheck(check as GradedCheck)),
    ok: outcome.ok,
    points,
    earned: outcome.ok ? points : 0,
    seen: concealed ? '' : outcome.seen,
    hint,
  };
}

/** Scores the outcomes of labChecks(lab) (or of a checklist's checks), in that order. */
export function scoreLab(lab: Checklist, outcomes: readonly CheckOutcome[]): LabScore {
  let next = 0;
  const tasks = lab.tasks.map((task) => {
    const checks = task.checks.map((check) => scoreCheck(check, outcomes[next++] ?? { ok: false, seen: 'not run' }));
    const sum = (key: 'earned' | 'points') => checks.reduce((total, c) => total + c[key], 0);
    return { title: task.title, earned: sum('earned'), points: sum('points'), checks };
  });
  const earned = tasks.reduce((total, t) => total + t.earned, 0);
  const points = tasks.reduce((total, t) => total + t.points, 0);
  return { earned, points, percent: points === 0 ? 100 : Math.floor((100 * earned) / points), tasks };
}
