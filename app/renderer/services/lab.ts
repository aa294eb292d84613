/**
 * The lab through the API: its live checklist (while the network runs and
 * the window is seen, the lab's checks go to checks.run every few seconds,
 * one run at a time: the next waits for the last answer), the Add-check
 * prompts, and the student's copy written through the files service.
 */
import { labChecks } from '../../../common/lab/score.js';
import type { GradedCheck, Lab } from '../../../common/lab/schema.js';
import { studentCopy } from '../../../common/lab/student.js';
import { addCheck } from '../actions/lab.js';
import { getState, type State } from '../store/index.js';
import { gradedChecks } from '../store/lab.js';
import { api } from './api.js';
import { readProblem } from '../lib/sentences.js';
import { poll } from './poll.js';
import { chooseSavePath, reportError } from './files.js';
import { askFor } from './prompt.js';

/** Pause between the answer of one run of the checks and the next run. */
export const CHECK_INTERVAL_MS = 3000;

/** Whether the checklist is kept live now. */
function live(state: State): boolean {
  return (
    state.documentOpen &&
    state.networkState === 'running' &&
    !!state.topology.lab &&
    document.visibilityState === 'visible'
  );
}

/** What the checklist says when the checks could not run; undefined when that needs no words (the network stopped). */
export function checksProblem(error: unknown): string | undefined {
  return readProblem(error, 'run checks', 'The checks could not run');
}

/** Keeps the checklist live. Returns the unsubscribe function. */
export function followLab(): () => void {
  return poll({
    due: () => live(getState()),
    async ask() {
      const lab = getState().topology.lab as Lab; // due: live() holds only with a lab
      const graded = gradedChecks(lab);
      try {
        getState().checksAnswered(graded, await api().checks.run({ checks: labChecks(lab) }));
      } catch (error) {
        const problem = checksProblem(error);
        if (problem) getState().checksFailed(problem);
      }
      return CHECK_INTERVAL_MS;
    },
    changed(state, previous) {
      if (previous.networkState === 'running' && state.networkState !== 'running') getState().forgetOutcomes();
      return false;
    },
  });
}

const nameOf = (state: State, id: string) => state.topology.nodes.find((n) => n.id === id)?.name ?? id;

/** Adds "from reaches to" (ping), the first selected node sending. */
export function addReachCheck(from: string, to: string): void {
  getState().perform(addCheck, { kind: 'reachable', from, to, protocol: 'icmp', expect: true, points: 1 });
}

/** A port as typed: "80" (tcp) or "udp/53". */
const PORT_TEXT = /^(?:(tcp|udp)\s*\/\s*)?(\d+)$/i;

/** What each Add-check prompt asks, and the check its answer makes (or why the answer is not one). */
const ASKED = {
  route: {
    question: (name: string) => `Route on ${name} to (a prefix such as 10.0.2.0/24, or "default")`,
    check: (node: string, text: string): GradedCheck | string => ({ kind: 'route', node, to: text, points: 1 }),
  },
  listening: {
    question: (name: string) => `Port listening on ${name} (80 for tcp, or udp/53)`,
    check(node: string, text: string): GradedCheck | string {
      const match = PORT_TEXT.exec(text);
      if (!match) return `"${text}" is not a port: say a number such as 80, or udp/53`;
      const protocol = match[1]?.toLowerCase() === 'udp' ? 'udp' : 'tcp';
      return { kind: 'listening', node, protocol, port: Number(match[2]), points: 1 };
    },
  },
  process: {
    question: (name: string) => `Program running on ${name} (its name as ps shows it, e.g. nginx)`,
    check: (node: string, program: string): GradedCheck | string => ({ kind: 'process', node, program, points: 1 }),
  },
} as const;

/** Asks what the check on `node` is about, then adds it (a wrong answer is named, nothing added). */
export async function askForCheck(kind: keyof typeof ASKED, node: string): Promise<void> {
  const asked = ASKED[kind];
  const text = await askFor('text', asked.question(nameOf(getState(), node)));
  if (text === null) return;
  const check = asked.check(node, text);
  if (typeof check === 'string') getState().reportError(check);
  else getState().perform(addCheck, check);
}

/** Writes the student's copy of the lab (without its solution) to a file the user chooses; the open document stays. */
export async function exportStudentCopy(): Promise<void> {
  const { topology, path } = getState();
  const suggested = `${(path ?? topology.name).replace(/\.json$/, '')}-student.json`;
  const chosen = await chooseSavePath('Export student copy', suggested);
  if (!chosen) return;
  try {
    await api().files.save(chosen, studentCopy(topology));
  } catch (error) {
    reportError(error);
  }
}
