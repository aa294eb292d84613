/**
 * `vnet`: virtual networks from the command line, for labs, fault injection
 * and CI. The commands are listed once in commands.ts (`vnet help` shows
 * them); this file reads the command line against that table, runs the
 * handler and turns any failure into one line for the user and an exit
 * status: 2 for a wrong command, option or value, or input that cannot be
 * used (nothing changed), 1 for a failure. No stack trace reaches the terminal unless VNET_DEBUG is set.
 */
import { COMMANDS } from './commands.js';
import { commandHelp, commandList, usageOf } from './help.js';
import { findCommand, parseCommandLine } from './parse.js';
import { CliError } from './daemon.js';
import { UsageError } from './spec.js';

async function run(argv: string[]): Promise<number> {
  const { command, help, invocation } = parseCommandLine(COMMANDS, argv);
  if (help) {
    console.log(commandHelp(command));
    return 0;
  }
  return command.run(invocation);
}

function usageFor(error: UsageError): string {
  if (error.command === undefined) return commandList(COMMANDS);
  return `${usageOf(findCommand(COMMANDS, error.command))}\n(vnet help ${error.command} for more)`;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    if (error instanceof UsageError) {
      console.error(`vnet: ${error.message}\n${usageFor(error)}`);
      process.exit(2);
    }
    console.error(`vnet: ${process.env.VNET_DEBUG ? (error.stack ?? error.message) : error.message}`);
    process.exit(error instanceof CliError ? error.exitCode : 1);
  },
);
