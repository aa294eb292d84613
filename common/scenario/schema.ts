/**
 * A scenario: timed steps against a running network (link changes, cut
 * cables, partitions, crashes, commands in hosts and what they must give),
 * in its own JSON file or under `scenario` in a topology document. Times and
 * link parameters are written as people type them (`"at": "1.5s"`,
 * `"delay": "50ms"`) and kept so in the document, which is saved back as it
 * was read; planScenario() turns them into numbers once the whole scenario
 * is valid. A document's templates may contribute steps of these kinds for
 * each of their nodes (common/templates/step-schema.ts), played beside them.
 */
import { z } from 'zod';
import { DIRECTIONS } from '../topology/link-params.js';
import { checkSchema, duration, expectSchema, typedLinkParams } from '../checks/schema.js';

/** The step kinds, as the command line says them (`vnet link L set` is "link set"). */
export const STEP_KINDS = [
  'link set',
  'link down',
  'link up',
  'link flap',
  'partition',
  'heal',
  'node crash',
  'node restart',
  'exec',
  'check',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

const id = z.string().min(1, 'must name one');
const nodes = z.array(id).min(1, 'a group needs a node');

const at = { at: duration('at') };

export const stepSchema = z.discriminatedUnion(
  'do',
  [
    z.strictObject({
      ...at,
      do: z.literal('link set'),
      link: id,
      params: typedLinkParams,
      dir: z.enum(DIRECTIONS, { error: `must be ${DIRECTIONS.join(' or ')}` }).optional(),
    }),
    z.strictObject({ ...at, do: z.literal('link down'), link: id }),
    z.strictObject({ ...at, do: z.literal('link up'), link: id }),
    z.strictObject({
      ...at,
      do: z.literal('link flap'),
      link: id,
      down: duration('down'),
      up: duration('up'),
      count: z.number().int().min(1, 'must be 1 or more'),
    }),
    z.strictObject({
      ...at,
      do: z.literal('partition'),
      groups: z.tuple([nodes, nodes]),
      oneway: z.boolean().optional(),
    }),
    z.strictObject({ ...at, do: z.literal('heal') }),
    z.strictObject({ ...at, do: z.literal('node crash'), node: id }),
    z.strictObject({ ...at, do: z.literal('node restart'), node: id }),
    z.strictObject({
      ...at,
      do: z.literal('exec'),
      host: id,
      argv: z.array(z.string()).min(1, 'must name a program to run'),
      /** The command is killed when it runs longer (default 30s). */
      timeout: duration('timeout').optional(),
      expect: expectSchema.optional(),
    }),
    /** Asks the network a question (common/checks/); a check that fails fails the run like an unmet expect. */
    z.strictObject({ ...at, do: z.literal('check'), check: checkSchema }),
  ],
  { error: `must be one of: ${STEP_KINDS.join(', ')}` },
);

export const scenarioSchema = z.strictObject({
  /** Given to every command as VNET_SEED and written to the log, so a run can be told apart and repeated. */
  seed: z.number().int().min(0).optional(),
  steps: z.array(stepSchema).min(1, 'a scenario needs a step'),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioStep = z.infer<typeof stepSchema>;
