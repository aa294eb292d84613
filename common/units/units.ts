/**
 * Quantities as people type and read them: `50ms`, `1.5s`, `5%`, `10Mbit`,
 * `100`. Each quantity of common/topology/link-params.ts has one row here
 * (its units and their factors to the document's unit: ms, %, bit/s,
 * packets), so the command line, scenarios and the designer's fields parse
 * and print link parameters the same way.
 */
import { LINK_PARAMS, type LinkParamField, type LinkParamSpec, type Quantity } from '../topology/link-params.js';
import { linkParamsSchema } from '../topology/link-params-schema.js';

interface QuantitySpec {
  /** Unit suffixes (lowercase) and how many document units one of them is. */
  units: Readonly<Record<string, number>>;
  /** What is accepted, for messages: "50ms, 1.5s or 500us". */
  accepted: string;
  /** The number as typed, with the units to say (`delay=50: say a unit: 50ms or 0.05s`). */
  sayUnit?: (number: number) => string;
  /** Whole numbers of the document's unit only (bit/s, packets). */
  whole?: boolean;
  /** Words that mean zero (a rate of 0 is no limit). */
  zero?: readonly string[];
  format(value: number): string;
}

/** Twelve significant digits: no float noise (1.2345 * 1000 is not quite 1234.5), no trailing zeros. */
const exact = (n: number): number => Number(n.toPrecision(12));
const decimals = (n: number): string => String(exact(n));

/** The largest unit that leaves a value of at least 1 (the smallest unit otherwise). */
function scaled(value: number, units: readonly (readonly [suffix: string, factor: number])[]): string {
  const [suffix, factor] = units.find(([, f]) => Math.abs(value) >= f) ?? units[units.length - 1] ?? ['', 1];
  return `${decimals(value / factor)}${suffix}`;
}

export const QUANTITIES: Readonly<Record<Quantity, QuantitySpec>> = {
  duration: {
    units: { us: 0.001, µs: 0.001, ms: 1, s: 1000 },
    accepted: '50ms, 1.5s or 500us',
    sayUnit: (n) => `${n}ms or ${decimals(n / 1000)}s`,
    format: (ms) =>
      ms === 0
        ? '0'
        : scaled(ms, [
            ['s', 1000],
            ['ms', 1],
            ['us', 0.001],
          ]),
  },
  percent: {
    units: { '%': 1 },
    accepted: '5% or 0.5%',
    sayUnit: (n) => `${n}%`,
    format: (percent) => `${decimals(percent)}%`,
  },
  rate: {
    units: { bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9, k: 1e3, m: 1e6, g: 1e9 },
    accepted: '64kbit, 10Mbit, 1.5Gbit (or 10M, 10Mbit/s), 0 for no limit',
    sayUnit: (n) => `${n}Mbit or ${n}kbit`,
    whole: true,
    zero: ['unlimited'],
    format: (bps) =>
      bps === 0
        ? 'unlimited'
        : scaled(bps, [
            ['Gbit', 1e9],
            ['Mbit', 1e6],
            ['kbit', 1e3],
            ['bit', 1],
          ]),
  },
  packets: {
    units: { '': 1 },
    accepted: 'a whole number of packets, e.g. 100',
    whole: true,
    format: (packets) => String(packets),
  },
};

export type Parsed = { ok: true; value: number } | { ok: false; error: string };

const NUMBER = /^(\d+(?:\.\d+)?|\.\d+)\s*(.*)$/;

/**
 * Reads a typed quantity into the document's unit. `name` (the parameter, e.g. "delay") starts
 * any message: `delay=50: say a unit: 50ms or 0.05s`. `bare` is what a number without a unit
 * means: nothing (say a unit, as on the command line) or the document's unit (a field that
 * shows its value with the unit, where typing `20` over `50ms` means 20ms).
 */
export function parseQuantity(
  quantity: Quantity,
  name: string,
  text: string,
  bare: 'refused' | 'document unit' = 'refused',
): Parsed {
  const spec = QUANTITIES[quantity];
  const typed = text.trim();
  const fail = (why: string): Parsed => ({ ok: false, error: `${name}=${text}: ${why}` });
  if (spec.zero?.includes(typed.toLowerCase())) return { ok: true, value: 0 };
  const match = NUMBER.exec(typed);
  if (!match) return fail(`not a ${quantity === 'packets' ? 'count' : quantity}: say ${spec.accepted}`);
  const number = Number(match[1]);
  // A rate may say per second (`10Mbit/s`); it is a rate either way.
  const typedUnit = (match[2] ?? '').toLowerCase();
  const unit = quantity === 'rate' ? typedUnit.replace(/\/s$/, '') : typedUnit;
  const factor = unit === '' && bare === 'document unit' ? 1 : spec.units[unit];
  if (factor === undefined) {
    if (unit === '' && number !== 0 && spec.sayUnit) return fail(`say a unit: ${spec.sayUnit(number)}`);
    if (unit !== '' || number !== 0) return fail(`unknown unit "${match[2]}": say ${spec.accepted}`);
  }
  const value = exact(number * (factor ?? 1));
  if (spec.whole && !Number.isInteger(value)) {
    if (quantity === 'packets') return fail(`say ${spec.accepted}`);
    return { ok: true, value: Math.round(value) };
  }
  return { ok: true, value };
}

export function formatQuantity(quantity: Quantity, value: number): string {
  return QUANTITIES[quantity].format(value);
}

/** As formatQuantity, for reading rather than a command line: `10 Mbit/s`, `50 ms`, `5%` (parseQuantity reads it back). */
export function readableQuantity(quantity: Quantity, value: number): string {
  const typed = formatQuantity(quantity, value);
  const [, number, unit] = NUMBER.exec(typed) ?? [];
  if (!unit || unit === '%') return typed;
  return `${number} ${unit}${quantity === 'rate' ? '/s' : ''}`;
}

/** The link parameter a user means by `name`: its name or one of its aliases. */
export function linkParamNamed(name: string): LinkParamSpec | undefined {
  const wanted = name.toLowerCase();
  return LINK_PARAMS.find((p) => p.name === wanted || (p.aliases as readonly string[]).includes(wanted));
}

/** Every name a link parameter answers to, for messages and completion: "delay, jitter, ..., dup". */
export const LINK_PARAM_WORDS: readonly string[] = LINK_PARAMS.flatMap((p) => [p.name, ...p.aliases]);

export function formatLinkParam(spec: LinkParamSpec, value: number): string {
  return formatQuantity(spec.quantity, value);
}

export type ParsedLinkParam = { ok: true; field: LinkParamField; value: number } | { ok: false; error: string };

/**
 * `name=text` for a link parameter by any of its names, checked against the document's limits
 * (common/topology/schema.ts), so a value that parses is one a link may hold.
 */
export function parseLinkParamAssignment(name: string, text: string): ParsedLinkParam {
  const spec = linkParamNamed(name);
  if (!spec) return { ok: false, error: `unknown link parameter "${name}": say ${LINK_PARAM_WORDS.join(', ')}` };
  const parsed = parseQuantity(spec.quantity, name, text);
  if (!parsed.ok) return parsed;
  const limits = linkParamsSchema.shape[spec.field].safeParse(parsed.value);
  if (!limits.success)
    return { ok: false, error: `${name}=${text}: ${limits.error.issues[0]?.message ?? 'out of range'}` };
  return { ok: true, field: spec.field, value: parsed.value };
}
