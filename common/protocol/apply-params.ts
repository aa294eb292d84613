/**
 * Validation of `network.apply` params that skips what did not change.
 * Every edit sends the whole topology again, and zod over 1,000 hosts costs
 * more than applying a one-link edit. So a node or link equal (as JSON) to
 * the one at the same place in the previous accepted request is not
 * validated again: its parsed value is reused, the very same object, which
 * also tells planning that it did not change. Anything invalid is reported
 * by the full schema, so messages are the same as without this memo.
 * Shared: the helper checks each request with it, and so does the app's
 * main process before forwarding an edit.
 */
import { z } from 'zod';
import { requestParams } from './helper.js';
import { linkSchema, nodeSchema, topologySchema } from '../topology/schema.js';

const applySchema = requestParams['network.apply'];
type ApplyParams = z.output<typeof applySchema>;

/** The apply params with nodes and links left unchecked: the memo checks those one by one. */
const envelopeSchema = applySchema.extend({
  topology: topologySchema.extend({ nodes: z.array(z.unknown()), links: z.array(z.unknown()) }),
});

/** Deep equality of values that came out of JSON.parse. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const other = b as Record<string, unknown>;
  return keys.every((k) => Object.hasOwn(other, k) && sameJson((a as Record<string, unknown>)[k], other[k]));
}

interface Remembered<T> {
  raw: readonly unknown[];
  parsed: readonly T[];
}

/** Parses each element, reusing the remembered result where the raw element is unchanged; undefined on any failure. */
function parseElements<T>(raw: readonly unknown[], memory: Remembered<T>, schema: z.ZodType<T>): T[] | undefined {
  const parsed: T[] = [];
  for (let i = 0; i < raw.length; i++) {
    const element = raw[i];
    const known = memory.parsed[i];
    if (known !== undefined && sameJson(element, memory.raw[i])) {
      parsed.push(known);
      continue;
    }
    const result = schema.safeParse(element);
    if (!result.success) return undefined;
    parsed.push(result.data);
  }
  return parsed;
}

export class ApplyParamsMemo {
  private nodes: Remembered<ApplyParams['topology']['nodes'][number]> = { raw: [], parsed: [] };
  private links: Remembered<ApplyParams['topology']['links'][number]> = { raw: [], parsed: [] };

  /** Same contract as the schema's safeParse. */
  readonly safeParse = (params: unknown): z.ZodSafeParseResult<ApplyParams> => {
    const envelope = envelopeSchema.safeParse(params);
    if (!envelope.success) return applySchema.safeParse(params);
    const { nodes: rawNodes, links: rawLinks } = envelope.data.topology;
    const nodes = parseElements(rawNodes, this.nodes, nodeSchema);
    const links = nodes && parseElements(rawLinks, this.links, linkSchema);
    if (!nodes || !links) return applySchema.safeParse(params);
    this.nodes = { raw: rawNodes, parsed: nodes };
    this.links = { raw: rawLinks, parsed: links };
    return { success: true, data: { ...envelope.data, topology: { ...envelope.data.topology, nodes, links } } };
  };
}
