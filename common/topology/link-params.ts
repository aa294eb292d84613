/**
 * The link parameters, listed once. The schema, the properties panel, the
 * command line (`vnet link L set delay=50ms`), the helper's per-backend
 * support table and the module's struct vnet_shape all derive from this
 * table; a new parameter is one row here plus its conversion where units
 * force another name (helper/kmod/shape.ts).
 */
import type { LinkParams, LinkParamsOverride } from './link-params-schema.js';

/** What a link's emulation is read from (common/topology/schema.ts's link has these fields). */
interface EmulatedLink {
  params: LinkParams;
  directions?: Partial<Record<Direction, LinkParamsOverride>>;
  up?: boolean;
}

export type Quantity = 'duration' | 'percent' | 'rate' | 'packets';

export interface LinkParamSpec {
  /** The document's field (carries its unit: ms, %, bit/s, packets). */
  field: 'delayMs' | 'jitterMs' | 'lossPercent' | 'duplicatePercent' | 'rateBps' | 'queuePackets';
  /** What users type and read: `delay=50ms`, "delay not supported here". */
  name: 'delay' | 'jitter' | 'loss' | 'duplicate' | 'rate' | 'queue';
  /** Short forms accepted on the command line. */
  aliases: readonly string[];
  label: string;
  quantity: Quantity;
  /** Whether a backend may be unable to emulate it (the queue is always honoured). */
  emulated: boolean;
}

export const LINK_PARAMS = [
  { field: 'delayMs', name: 'delay', aliases: [], label: 'Delay', quantity: 'duration', emulated: true },
  { field: 'jitterMs', name: 'jitter', aliases: [], label: 'Jitter', quantity: 'duration', emulated: true },
  { field: 'lossPercent', name: 'loss', aliases: [], label: 'Loss', quantity: 'percent', emulated: true },
  {
    field: 'duplicatePercent',
    name: 'duplicate',
    aliases: ['dup'],
    label: 'Duplication',
    quantity: 'percent',
    emulated: true,
  },
  { field: 'rateBps', name: 'rate', aliases: [], label: 'Rate (0 = unlimited)', quantity: 'rate', emulated: true },
  { field: 'queuePackets', name: 'queue', aliases: [], label: 'Queue', quantity: 'packets', emulated: false },
] as const satisfies readonly LinkParamSpec[];

export type LinkParamField = (typeof LINK_PARAMS)[number]['field'];

/** Parameters a backend may be unable to emulate: the keys of every support table. */
export const EMULATED_PARAM_NAMES = [
  'delay',
  'jitter',
  'loss',
  'duplicate',
  'rate',
] as const satisfies readonly Extract<(typeof LINK_PARAMS)[number], { emulated: true }>['name'][];
export type EmulatedParamName = (typeof EMULATED_PARAM_NAMES)[number];

/** A support table (or any table by emulated parameter) with every entry set to `value`. */
export function everyEmulatedParam<T>(value: T): Record<EmulatedParamName, T> {
  return Object.fromEntries(EMULATED_PARAM_NAMES.map((name) => [name, value])) as Record<EmulatedParamName, T>;
}

/** The document field that carries a parameter. */
export function fieldOf(name: LinkParamSpec['name']): LinkParamField {
  const spec = LINK_PARAMS.find((p) => p.name === name);
  if (!spec) throw new Error(`no link parameter "${name}"`);
  return spec.field;
}

/** The two directions of a link: `a>b` carries what endpoint a sends to endpoint b. */
export const DIRECTIONS = ['a>b', 'b>a'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** The parameters one direction of a link is emulated with: `params`, then that direction's overrides. */
export function directionParams(link: Pick<EmulatedLink, 'params' | 'directions'>, direction: Direction): LinkParams {
  const override = link.directions?.[direction];
  return override ? { ...link.params, ...override } : link.params;
}

/** Whether a link's cable is connected (the document leaves `up` out for the usual case). */
export function isLinkUp(link: Pick<EmulatedLink, 'up'>): boolean {
  return link.up !== false;
}
