/** Usage, help and the man page, written from the table of commands (commands.ts). */
import { fileURLToPath } from 'node:url';
import { stepSchema } from '../common/scenario/schema.js';
import type { CommandSpec, OptionSpec } from './spec.js';

/** Where the checked-in man page lives (write-manpage.ts writes it). */
export const MAN_PAGE_PATH = fileURLToPath(new URL('./vnet.1', import.meta.url));

export const ENVIRONMENT =
  "VNET_SOCKET: the background helper's socket (default /run/vnet/cli.sock for root, /run/vnet/user-UID/cli.sock for other users: each has a network of their own); VNET_CWD: the working directory of commands run by vnet exec.";

export const EXIT_STATUS =
  "0: done. 1: it failed (an invalid document, an unmet expectation, a failed check, the helper could not do it). 2: a wrong command, option or value, or a lab vnet check or vnet grade cannot use; nothing was changed. vnet exec exits with the command's own status.";

export function usageOf(command: CommandSpec): string {
  return command.synopsis.map((line, i) => `${i === 0 ? 'usage:' : '      '} vnet ${command.name} ${line}`).join('\n');
}

function optionWords(name: string, spec: OptionSpec): string {
  const alias = spec.short ? `-${spec.short}, ` : '';
  return `${alias}--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
}

/** Greedy wrapping at `width` columns, for text in a terminal. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width - indent.length) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}

export function commandList(table: readonly CommandSpec[]): string {
  const width = Math.max(...table.map((c) => c.name.length));
  const rows = table.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return ['usage: vnet COMMAND [ARGS...]   (vnet help COMMAND for one in full)', '', ...rows].join('\n');
}

export function commandHelp(command: CommandSpec): string {
  const options = Object.entries(command.options);
  const optionLines = options.flatMap(([name, spec]) => [
    `  ${optionWords(name, spec)}`,
    wrap(spec.description, 80, '      '),
  ]);
  return [
    usageOf(command),
    '',
    wrap(command.description, 80, ''),
    ...(options.length ? ['', 'options:', ...optionLines] : []),
  ].join('\n');
}

/** Each kind of scenario step with its fields, from the schema: `"link set" (at, link, params, [dir])`. */
export function stepFormats(): string[] {
  return stepSchema.options.map((option) => {
    const fields = Object.entries(option.shape)
      .filter(([name]) => name !== 'do')
      .map(([name, schema]) => (schema.safeParse(undefined).success ? `[${name}]` : name));
    return `"${option.shape.do.value}" (${fields.join(', ')})`;
  });
}

/** Text as roff: backslashes and leading dots or quotes escaped, dashes as minus signs. */
function roff(text: string): string {
  return text.replace(/\\/g, '\\e').replace(/-/g, '\\-').replace(/^[.']/gm, '\\&$&');
}

/** The man page, vnet(1); checked in as cli/vnet.1 and compared with this by a test. */
export function manPage(table: readonly CommandSpec[]): string {
  const sections = table.flatMap((command) => [
    `.SS ${roff(command.name)}`,
    ...command.synopsis.map((line) => `.B vnet ${roff(command.name)}\n${roff(line)}\n.br`),
    '.PP',
    roff(command.description),
    ...Object.entries(command.options).flatMap(([name, spec]) => [
      `.TP\n.B ${roff(optionWords(name, spec))}`,
      roff(spec.description),
    ]),
  ]);
  return [
    '.TH VNET 1 "" "vnet" "User Commands"',
    '.SH NAME',
    'vnet \\- build, change and break virtual networks from the command line',
    '.SH SYNOPSIS',
    '.B vnet',
    '.I COMMAND',
    '[\\fIARGS\\fR...]',
    '.SH DESCRIPTION',
    roff(
      'vnet builds a network of hosts, routers, switches and links inside the kernel (one network namespace per host) from a JSON document, changes it while it runs, and injects faults: link parameters (delay, jitter, loss, duplication, rate, queue), cut cables, partitions and crashed nodes, alone or as a timed scenario. Units are the ones people type: 50ms, 1.5s, 5%, 10Mbit.',
    ),
    '.SH COMMANDS',
    ...sections,
    '.SH ENVIRONMENT',
    roff(ENVIRONMENT),
    '.SH EXIT STATUS',
    roff(EXIT_STATUS),
    '.SH SEE ALSO',
    'The designer: \\fBvnet serve\\fR. Completion: \\fBsource <(vnet completion bash)\\fR.',
    '',
  ].join('\n');
}
