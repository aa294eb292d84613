/** command: a program run in the host, its exit code and output matched as a scenario's exec step matches them. */
import { unmetExpectations } from '../../common/checks/expect.js';
import type { Check, CheckOutcome } from '../../common/checks/schema.js';
import { formatQuantity, parseQuantity } from '../../common/units/units.js';
import type { HostRun } from './agents.js';

export const COMMAND_TIMEOUT_MS = 5_000;

/** The check's own `timeout` (already checked by the schema), else COMMAND_TIMEOUT_MS. */
export function commandTimeoutMs(check: Extract<Check, { kind: 'command' }>): number {
  if (check.timeout === undefined) return COMMAND_TIMEOUT_MS;
  const parsed = parseQuantity('duration', 'timeout', String(check.timeout));
  return parsed.ok ? parsed.value : COMMAND_TIMEOUT_MS;
}

/** The first line of what it printed, short enough for a checklist. */
function firstLine(output: string): string {
  const line = output.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

export function commandOutcome(
  check: Extract<Check, { kind: 'command' }>,
  run: HostRun,
  timeoutMs: number,
): CheckOutcome {
  const output = run.stdout + run.stderr;
  const printed = firstLine(output) ? `: ${firstLine(output)}` : ', printing nothing';
  if (run.timedOut)
    return { ok: false, seen: `still running after ${formatQuantity('duration', timeoutMs)}, so killed${printed}` };
  const problems = unmetExpectations(check.expect, run.exit, output);
  const ended = run.exit === null ? 'ended by a signal' : `exited ${run.exit}`;
  return { ok: problems.length === 0, seen: `${problems.length ? problems.join(', ') : ended}${printed}` };
}
