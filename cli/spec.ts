/**
 * What a command of the table (commands.ts) declares: its words, options and
 * operands, from which parsing (parse.ts), help and the man page (help.ts)
 * and bash completion (completion.ts) are all derived. Handlers receive
 * values already checked and converted, so they never parse text again.
 */
import { parseQuantity } from '../common/units/units.js';

/** A wrong command, option or value: exit 2 with the command's usage; nothing has changed. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    /** The command whose usage follows the message (none: the list of commands). */
    readonly command?: string,
  ) {
    super(message);
  }
}

/** What bash completes in a place: files, names in the running network, or fixed words. */
export type Completion = 'file' | 'node' | 'link' | 'command' | readonly string[];

export interface OptionSpec<T = unknown> {
  type: 'boolean' | 'string';
  /** The value's placeholder in usage: DURATION, N, FILE. */
  value?: string;
  /** A one-letter alias: `o` for -o. */
  short?: string;
  description: string;
  /** Converts the typed value; throws UsageError naming the option. */
  parse?: (text: string, flag: string) => T;
  /** The actions (see Operand.words) it goes with; any when absent. */
  actions?: readonly string[];
  complete?: Completion;
}

export interface Operand {
  /** As in the synopsis: LINK, FILE, PARAM=VALUE. */
  name: string;
  optional?: boolean;
  /** Takes every remaining operand. */
  variadic?: boolean;
  /** The words accepted here (an action: set, down, up); anything when absent. */
  words?: readonly string[];
  complete?: Completion;
}

type OptionValue<S> = S extends { type: 'boolean' }
  ? boolean
  : S extends { parse: (text: string, flag: string) => infer T }
    ? T
    : string;

export type OptionValues<O> = { [K in keyof O]?: OptionValue<O[K]> };

export interface Invocation<O> {
  operands: string[];
  /** What follows `--` (commands with `passthrough`). */
  rest: string[];
  options: OptionValues<O>;
}

export interface CommandSpec<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  name: string;
  /** Usage lines after `vnet NAME` (options of every line included). */
  synopsis: readonly string[];
  /** One line for the list of commands. */
  summary: string;
  /** Paragraphs for `vnet help NAME` and the man page. */
  description: string;
  operands: readonly Operand[];
  options: O;
  /** Arguments after `--` are the command's own (exec). */
  passthrough?: boolean;
  run(invocation: Invocation<O>): Promise<number>;
}

/** Keeps each command's option types for its handler, while the table holds them all alike. */
export function defineCommand<O extends Record<string, OptionSpec>>(spec: CommandSpec<O>): CommandSpec {
  return spec as unknown as CommandSpec;
}

export const jsonOption = {
  type: 'boolean',
  description: 'print JSON instead of text (one object, or one per line for a stream of events)',
} as const;

/** An option that takes a value, converted (and checked) by `parse`. */
export function valueOption<T>(
  value: string,
  description: string,
  parse: (text: string, flag: string) => T,
  actions?: readonly string[],
) {
  return { type: 'string', value, description, parse, actions } as const;
}

/** A duration as people type it (2s, 500ms), in milliseconds. */
export function durationOption(description: string, actions?: readonly string[]) {
  return valueOption(
    'DURATION',
    description,
    (text, flag) => {
      const parsed = parseQuantity('duration', flag, text);
      if (!parsed.ok) throw new UsageError(parsed.error);
      return parsed.value;
    },
    actions,
  );
}

/** A whole number from `min` to `max`. */
export function numberOption(
  value: string,
  description: string,
  min: number,
  max: number,
  actions?: readonly string[],
) {
  return valueOption(
    value,
    description,
    (text, flag) => {
      const n = Number(text);
      if (!/^\d+$/.test(text) || n < min || n > max)
        throw new UsageError(`${flag} ${text}: say a whole number from ${min} to ${max}`);
      return n;
    },
    actions,
  );
}

export function choiceOption<C extends string>(
  choices: readonly C[],
  description: string,
  actions?: readonly string[],
) {
  const option = valueOption(
    choices.join('|'),
    description,
    (text, flag) => {
      if (!(choices as readonly string[]).includes(text))
        throw new UsageError(`${flag} ${text}: say ${choices.join(' or ')}`);
      return text as C;
    },
    actions,
  );
  return { ...option, complete: choices };
}
