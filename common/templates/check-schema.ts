/**
 * A template's checks: the checks of common/checks/, each with a title, whose fields may be texts
 * with placeholders filled for each node of the template (checks.ts). Such a field is checked once
 * filled, for each node (problems.ts); `port` may be one too (`"{param.port}"`) and must give a whole
 * number then. `node`, and a reachable check's `from`, may be left out: the node itself.
 */
import { z } from 'zod';
import { CHECK_KINDS, CHECK_SHAPES, type CheckKind } from '../checks/schema.js';
import { placeholdersIn } from './text.js';

/** The fields that are the template's node itself when left out. */
export const SELF_FIELDS: readonly string[] = ['node', 'from'];

/** check with the fields of its kind that are left out and the node itself given as `self`. */
export function checkWithSelf(check: Record<string, unknown>, self: string): Record<string, unknown> {
  const shape = CHECK_SHAPES[check.kind as CheckKind] ?? {};
  const filled = { ...check };
  for (const field of SELF_FIELDS) if (field in shape && filled[field] === undefined) filled[field] = self;
  return filled;
}

/** The field as a check has it, or a text with placeholders (checked when filled). */
function orPlaceholders(field: z.ZodType, self: boolean) {
  const schema = z.unknown().superRefine((value, ctx) => {
    if (typeof value === 'string' && placeholdersIn(value).length > 0) return;
    for (const issue of field.safeParse(value).error?.issues ?? [])
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });
  return self || field.safeParse(undefined).success ? schema.optional() : schema;
}

function variant(kind: CheckKind) {
  const fields = Object.entries(CHECK_SHAPES[kind]).map(([name, field]) => [
    name,
    orPlaceholders(field, SELF_FIELDS.includes(name)),
  ]);
  return z.strictObject({
    kind: z.literal(kind),
    /** What the node's checklist says, e.g. "nginx listens on {param.port}"; placeholders are filled. */
    title: z.string().min(1, 'say what the check is, e.g. "nginx listens on {param.port}"').max(200),
    ...(Object.fromEntries(fields) as Record<string, ReturnType<typeof orPlaceholders>>),
  });
}

type Variant = ReturnType<typeof variant>;

export const templateCheckSchema = z.discriminatedUnion('kind', CHECK_KINDS.map(variant) as [Variant, ...Variant[]], {
  error: `must be one of: ${CHECK_KINDS.join(', ')}`,
});

export type TemplateCheck = z.infer<typeof templateCheckSchema>;
