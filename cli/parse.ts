/**
 * The command line read against the table: Node's parseArgs splits it into
 * options and operands; every check that follows (unknown option, missing
 * value, option of another action, operand count and words) throws a
 * UsageError naming what is wrong, before any handler runs.
 */
import { parseArgs } from 'node:util';
import { UsageError, type CommandSpec, type Invocation, type Operand, type OptionSpec } from './spec.js';

export interface Parsed {
  command: CommandSpec;
  /** `--help` was given: show the command's help, whatever else is there. */
  help: boolean;
  invocation: Invocation<Record<string, OptionSpec>>;
}

const HELP = '--help';

export function findCommand(table: readonly CommandSpec[], name: string): CommandSpec {
  const command = table.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command "${name}"`);
  return command;
}

/** `vnet ARGS`; throws UsageError. A bare `--help` is `help`. */
export function parseCommandLine(table: readonly CommandSpec[], argv: readonly string[]): Parsed {
  const [name, ...args] = argv;
  if (name === undefined) throw new UsageError('say a command');
  const command = findCommand(table, name === HELP || name === '-h' ? 'help' : name);
  const { tokens } = parseArgs({
    args,
    options: parseArgsOptions(command.options),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const asksHelp = tokens.some((t) => t.kind === 'option' && (t.name === 'help' || t.rawName === '-h'));
  if (asksHelp) return { command, help: true, invocation: emptyInvocation() };
  const operands: string[] = [];
  const rest: string[] = [];
  const options: Record<string, unknown> = {};
  let afterDashes = false;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') afterDashes = true;
    else if (token.kind === 'positional') (afterDashes && command.passthrough ? rest : operands).push(token.value);
    else options[token.name] = optionValue(command, token.name, token.rawName, token.value, token.inlineValue);
  }
  checkOperands(command, operands);
  checkActions(command, operands, options);
  if (command.passthrough && rest.length === 0)
    throw new UsageError('missing the command to run, after --', command.name);
  // Each value came from its option's own parse: the types the command declared.
  return {
    command,
    help: false,
    invocation: { operands, rest, options: options as Invocation<Record<string, OptionSpec>>['options'] },
  };
}

function emptyInvocation(): Invocation<Record<string, OptionSpec>> {
  return { operands: [], rest: [], options: {} };
}

function parseArgsOptions(options: Record<string, OptionSpec>) {
  return Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.short && { short: spec.short }) },
    ]),
  );
}

function optionValue(
  command: CommandSpec,
  name: string,
  raw: string,
  value: string | undefined,
  inline: boolean | undefined,
): unknown {
  const spec = command.options[name];
  const flag = raw;
  if (!spec) throw new UsageError(`unknown option ${raw}`, command.name);
  if (spec.type === 'boolean') {
    if (value !== undefined) throw new UsageError(`${flag} takes no value`, command.name);
    return true;
  }
  // A following option is not a value: `--dir --json` lacks the direction.
  if (value === undefined || (!inline && value.startsWith('--')))
    throw new UsageError(`${flag} needs a value (${spec.value ?? 'VALUE'})`, command.name);
  try {
    return spec.parse ? spec.parse(value, flag) : value;
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(error.message, command.name);
    throw error;
  }
}

function required(operands: readonly Operand[]): number {
  return operands.filter((o) => !o.optional).length;
}

function checkOperands(command: CommandSpec, operands: readonly string[]): void {
  const spec = command.operands;
  const min = required(spec);
  const variadic = spec.some((o) => o.variadic);
  if (operands.length < min) {
    const missing = spec[operands.length];
    throw new UsageError(`missing ${missing?.name ?? 'an operand'}`, command.name);
  }
  if (!variadic && operands.length > spec.length) {
    const extra = operands[spec.length] ?? '';
    throw new UsageError(`unexpected "${extra}"`, command.name);
  }
  operands.forEach((word, i) => {
    const operand = spec[Math.min(i, spec.length - 1)];
    if (operand?.words && !operand.words.includes(word))
      throw new UsageError(`"${word}" is not one of: ${operand.words.join(', ')}`, command.name);
  });
}

/** The action word of an invocation (the operand that lists its words), if any. */
export function actionOf(command: CommandSpec, operands: readonly string[]): string | undefined {
  const i = command.operands.findIndex((o) => o.words);
  return i < 0 ? undefined : operands[i];
}

function checkActions(command: CommandSpec, operands: readonly string[], options: Record<string, unknown>): void {
  const action = actionOf(command, operands);
  for (const name of Object.keys(options)) {
    const allowed = command.options[name]?.actions;
    if (allowed && (action === undefined || !allowed.includes(action)))
      throw new UsageError(`--${name} goes only with: ${allowed.join(', ')}`, command.name);
  }
}
