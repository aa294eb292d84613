/**
 * What a command must give (`expect` of a command check or of a scenario's
 * exec step), matched in one place: the helper's command checks and the
 * scenario runner both ask unmetExpectations().
 */
import type { z } from 'zod';
import type { expectSchema } from './schema.js';

export type Expect = z.output<typeof expectSchema>;

/**
 * One line per expectation the result misses ("exit 1, expected 0"); none when it meets them all.
 * `exit` is null when a signal ended the command; `output` is its stdout then its stderr.
 */
export function unmetExpectations(expect: Expect | undefined, exit: number | null, output: string): string[] {
  const problems: string[] = [];
  if (expect?.exit !== undefined && exit !== expect.exit)
    problems.push(`exit ${exit ?? 'by a signal'}, expected ${expect.exit}`);
  if (expect?.output !== undefined && !new RegExp(expect.output).test(output))
    problems.push(`output does not match /${expect.output}/`);
  return problems;
}
