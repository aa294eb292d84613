/**
 * A teaching lab, under `lab` in a topology document: instructions in
 * Markdown, tasks made of checks (common/checks/) each worth points, what
 * the student may not change (`locked`) and what the student's copy leaves
 * out (`solution`). Ids are checked against the network by labProblems()
 * (names.ts).
 */
import { z } from 'zod';
import { checkUnion } from '../checks/schema.js';

const id = z.string().min(1, 'must name one');

/** What a lab adds to a check: what the student is told and what it is worth. */
const grading = {
  /** What the checklist says; describeCheck() words it when absent. */
  title: z.string().min(1).max(200).optional(),
  points: z.number().int('points must be whole').min(0).max(1000).default(1),
  /** Shown when the student asks for it. */
  hint: z.string().max(2000).optional(),
  /** Counted, but described only once it passes. */
  hidden: z.boolean().optional(),
};

/** The fields a lab adds, which the helper's checks.run does not take (labChecks() leaves them out). */
export const GRADING_FIELDS = Object.keys(grading) as (keyof typeof grading)[];

/** A check as a lab grades it: the check's fields plus the grading ones. */
export const gradedCheckSchema = checkUnion(grading);

export const taskSchema = z.strictObject({
  title: z.string().min(1, 'a task needs a title').max(200),
  /** Markdown, shown under the task's title. */
  text: z.string().max(20_000).optional(),
  checks: z.array(gradedCheckSchema).min(1, 'a task needs a check'),
});

/** Node fields a lab may lock (position never: moving a node changes nothing in the network). */
export const LOCKABLE_NODE_FIELDS = ['name', 'kind', 'processes', 'privateDirs'] as const;
/** Link fields a lab may lock. */
export const LOCKABLE_LINK_FIELDS = ['a', 'b', 'params', 'directions', 'up', 'programs'] as const;

/**
 * A locked node or link cannot be removed, and its `fields` (every lockable field when absent)
 * cannot change: the designer greys them, the helper refuses such edits to the running network.
 */
export const lockSchema = z.union(
  [
    z.strictObject({ node: id, fields: z.array(z.enum(LOCKABLE_NODE_FIELDS)).min(1).optional() }),
    z.strictObject({ link: id, fields: z.array(z.enum(LOCKABLE_LINK_FIELDS)).min(1).optional() }),
  ],
  { error: `must be { "node": ID } or { "link": ID }, with optional "fields"` },
);

/** What the teacher's document has that the student's copy (studentCopy()) leaves out. */
export const solutionSchema = z.strictObject({
  nodes: z.array(id).optional(),
  links: z.array(id).optional(),
  /** Nodes whose document processes are the answer (e.g. the commands that add the routes). */
  processesOf: z.array(id).optional(),
});

export const labSchema = z.strictObject({
  title: z.string().min(1, 'a lab needs a title').max(200),
  /** Markdown; shown first when the lab is opened. Rendered without HTML, scripts or remote content. */
  instructions: z.string().max(100_000).default(''),
  tasks: z.array(taskSchema).min(1, 'a lab needs a task'),
  locked: z.array(lockSchema).optional(),
  solution: solutionSchema.optional(),
});

export type Lab = z.infer<typeof labSchema>;
export type LabTask = z.infer<typeof taskSchema>;
export type GradedCheck = z.infer<typeof gradedCheckSchema>;
export type Lock = z.infer<typeof lockSchema>;
