/**
 * The link parameters' schema: units and limits per field. Apart from the
 * document's schema so that what checks typed quantities against these limits
 * (common/units, and through it scenarios and labs) does not import the
 * document, which holds scenarios and labs.
 */
import { z } from 'zod';

const nonNegative = (what: string, max: number) =>
  z
    .number({ error: `${what} must be a number` })
    .min(0, `${what} cannot be negative`)
    .max(max, `${what} cannot exceed ${max}`);

export const linkParamsSchema = z.strictObject({
  /** One-way delay added to every packet, milliseconds. */
  delayMs: nonNegative('delay', 60_000).default(0),
  /** Random variation of the delay, milliseconds. */
  jitterMs: nonNegative('jitter', 60_000).default(0),
  /** Share of packets dropped, percent. */
  lossPercent: nonNegative('loss', 100).default(0),
  /** Share of packets sent twice, percent. */
  duplicatePercent: nonNegative('duplication', 100).default(0),
  /** Rate limit in bits per second; 0 means unlimited. */
  rateBps: nonNegative('rate', 100e9).int('rate must be a whole number of bit/s').default(0),
  /** Packets that may wait in the link's queue before it drops. */
  queuePackets: z
    .number()
    .int('queue length must be a whole number of packets')
    .min(1, 'queue length must be at least 1 packet')
    .max(1_000_000, 'queue length cannot exceed 1000000 packets')
    .default(1000),
});

/** Parameters of one direction that differ from the link's `params`. */
export const linkParamsOverrideSchema = z.strictObject(
  // The fields without their defaults: a field left out is `params`' value, not the default.
  Object.fromEntries(
    Object.entries(linkParamsSchema.shape).map(([field, schema]) => [field, schema.unwrap().optional()]),
  ) as {
    [F in keyof typeof linkParamsSchema.shape]: z.ZodOptional<ReturnType<(typeof linkParamsSchema.shape)[F]['unwrap']>>;
  },
);

export type LinkParams = z.infer<typeof linkParamsSchema>;
export type LinkParamsOverride = z.infer<typeof linkParamsOverrideSchema>;
