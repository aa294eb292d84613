/**
 * A template's scenario steps: the steps of common/scenario/schema.ts whose texts may hold
 * placeholders, made for each node of the template (steps.ts) and played by `vnet scenario run` beside
 * the document's own scenario. A field that holds a placeholder (or lies inside one: `"params":
 * "{param.shaping}"`) is checked once filled, for each node (problems.ts); the rest is checked here as
 * a scenario's step is. The field naming the node a step acts on (an exec's `host`, a node crash's or
 * restart's `node`, a check's `node` or `from`) may be left out: the node itself. `count` may be a
 * text that gives a whole number. `vnet scenario validate DOC.json` lists them in its count ("5 steps:
 * 1 its own, 4 from its templates") once the document, these steps made for each node included, is
 * valid: they are the document's, checked with it, so a scenario file of its own never has any.
 */
import { z } from 'zod';
import { stepSchema, type StepKind } from '../scenario/schema.js';
import { checkWithSelf } from './check-schema.js';
import { placeholdersIn } from './text.js';

/** The field of each kind that is the template's node itself when left out. */
const SELF_FIELD: Partial<Record<StepKind, string>> = { exec: 'host', 'node crash': 'node', 'node restart': 'node' };

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** step with the field left out that is the node itself given as `self`, and its check's too. */
export function stepWithSelf(step: Record<string, unknown>, self: string): Record<string, unknown> {
  const field = SELF_FIELD[step.do as StepKind];
  const filled = { ...step };
  if (field !== undefined && filled[field] === undefined) filled[field] = self;
  if (filled.do === 'check' && isObject(filled.check)) filled.check = checkWithSelf(filled.check, self);
  return filled;
}

const hasPlaceholders = (value: unknown) => typeof value === 'string' && placeholdersIn(value).length > 0;

/** Whether a problem at path lies at or inside a text with placeholders: it is known only once filled. A step's kind takes none. */
function knownOnceFilled(step: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 1 && path[0] === 'do') return false;
  let value = step;
  for (const key of path) {
    if (hasPlaceholders(value)) return true;
    value = isObject(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return hasPlaceholders(value);
}

export const templateStepSchema = z
  .record(z.string(), z.unknown(), {
    error: 'must be a scenario step, e.g. { "at": "1s", "do": "exec", "argv": ["true"] }',
  })
  .superRefine((step, ctx) => {
    // `{name}` stands in for the node itself: a placeholder, filled for each node.
    const standIn = stepWithSelf(step, '{name}');
    for (const issue of stepSchema.safeParse(standIn).error?.issues ?? [])
      if (!knownOnceFilled(standIn, issue.path))
        ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

export type TemplateStep = z.infer<typeof templateStepSchema>;
