/**
 * Labs from the command line: a lab document read (a topology document
 * with a `lab`), its checks asked of a helper and scored, and `vnet lab
 * student|show` for the teacher. `vnet check` (check.ts) and `vnet grade`
 * (grade.ts) are built on these.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkProblemsOfLab } from '../common/lab/names.js';
import type { CheckOutcome } from '../common/checks/schema.js';
import type { Lab } from '../common/lab/schema.js';
import { labChecks, scoreLab, type LabScore } from '../common/lab/score.js';
import { studentCopy } from '../common/lab/student.js';
import { formatProblems, parseTopologyText, type Topology } from '../common/topology/index.js';
import { CliError } from './daemon.js';
import { readText } from './network.js';
import type { Session } from './session.js';

export interface LabDocument {
  topology: Topology;
  lab: Lab;
}

/** A topology document with a lab; anything else is input that cannot be used (exit 2). */
export function readLabDocument(file: string): LabDocument {
  let text: string;
  try {
    text = readText(file);
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
  const parsed = parseTopologyText(text);
  if (!parsed.ok) throw new CliError(`${file} is not a valid vnet topology:\n${formatProblems(parsed.problems)}`, 2);
  const { lab } = parsed.topology;
  if (!lab) throw new CliError(`${file} has no lab (a topology document with a "lab" field)`, 2);
  return { topology: parsed.topology, lab };
}

export const notAnswered: CheckOutcome = { ok: false, seen: 'the helper gave no answer' };

/**
 * Asks the helper the lab's checks and scores the answers. A check naming what `topology` (the
 * running document) lacks is not asked: it fails, saying what is missing.
 */
export async function runLab(session: Session, lab: Lab, topology: Topology): Promise<LabScore> {
  const checks = labChecks(lab);
  const unknown = checkProblemsOfLab(lab, topology);
  const asked = checks.filter((_, i) => !unknown[i]?.length);
  const answers = asked.length ? await session.call('checks.run', { checks: asked }) : [];
  let next = 0;
  const outcomes = checks.map((_, i): CheckOutcome => {
    const missing = unknown[i];
    return missing?.length
      ? { ok: false, seen: missing.map((p) => p.message).join('; ') }
      : (answers[next++] ?? notAnswered);
  });
  return scoreLab(lab, outcomes);
}

/** The lab as the teacher reads it: hidden checks described like the others. */
export function revealed(lab: Lab): Lab {
  return { ...lab, tasks: lab.tasks.map((t) => ({ ...t, checks: t.checks.map((c) => ({ ...c, hidden: false })) })) };
}

/** The instructions and the checklist as the teacher wrote them, hidden checks marked. */
function showLab(lab: Lab): string {
  const score = scoreLab(revealed(lab), []);
  const tasks = score.tasks.flatMap((task, t) => [
    '',
    `${task.title}  (${task.points} points)`,
    ...task.checks.map(
      (check, c) => `  - ${check.title}  (${check.points})${lab.tasks[t]?.checks[c]?.hidden ? '  [hidden]' : ''}`,
    ),
  ]);
  return [lab.title, '', lab.instructions.trim(), ...tasks, '', `${score.points} points in all`].join('\n');
}

/** `vnet lab student FILE [-o OUT]` and `vnet lab show FILE`. */
export function labCommand(action: 'student' | 'show', file: string, output?: string): number {
  const { topology, lab } = readLabDocument(file);
  if (action === 'show') {
    console.log(showLab(lab));
    return 0;
  }
  const copy = JSON.stringify(studentCopy(topology), null, 2) + '\n';
  if (output === undefined) {
    process.stdout.write(copy);
    return 0;
  }
  if (resolve(output) === resolve(file))
    throw new CliError(`-o ${output} is the teacher's document itself: say another file`, 2);
  try {
    writeFileSync(output, copy);
  } catch (error) {
    throw new CliError(`cannot write ${output}: ${(error as Error).message}`);
  }
  console.error(`${output}: the student's copy of ${file}${lab.solution ? ', without its solution' : ''}`);
  return 0;
}
