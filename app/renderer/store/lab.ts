/**
 * The lab slice: how the Lab panel shows the document's lab (the student's
 * view or the author's, instructions or tasks), the helper's latest answers
 * to its checks, and which check the user points at or chose (its nodes and
 * links are highlighted on the canvas while it fails).
 */
import type { Check, CheckOutcome } from '../../../common/checks/schema.js';
import type { GradedCheck, Lab } from '../../../common/lab/schema.js';
import type { Topology } from '../../../common/topology/index.js';
import type { SliceCreator } from './slice.js';
import type { Patch, State } from './state.js';

/** A student works through the lab; an author adds checks and locks. */
export type LabMode = 'student' | 'author';
export type LabTab = 'instructions' | 'tasks';

export interface LabTargets {
  nodes: readonly string[];
  links: readonly string[];
}

const NOTHING: LabTargets = { nodes: [], links: [] };

export interface LabSlice {
  labMode: LabMode;
  labTab: LabTab;
  /** The helper's last answers, by the check object they answer: a check edited since has none. */
  labOutcomes: ReadonlyMap<GradedCheck, CheckOutcome>;
  /** Why the checks could not run, in words; undefined when they last ran. */
  labProblem: string | undefined;
  /** Index (in gradedChecks order) of the check under the pointer. */
  labPointed: number | undefined;
  /** Index of the check chosen in the panel: the Properties panel edits it while nothing else is selected. */
  labChosen: number | undefined;
  /** Indices of the checks whose hint the student asked for. */
  labHints: readonly number[];
  /** What the pointed (else chosen) check is about, while it fails: drawn highlighted on the canvas. */
  labHighlight: LabTargets;
}

export interface LabActions {
  showLabTab(tab: LabTab): void;
  setLabMode(mode: LabMode): void;
  /** Answers of checks.run to `checks` (ignored unless the network runs: a late answer after Stop). */
  checksAnswered(checks: readonly GradedCheck[], outcomes: readonly CheckOutcome[]): void;
  checksFailed(problem: string): void;
  /** The network stopped: no answers hold any more. */
  forgetOutcomes(): void;
  pointAtCheck(index: number | undefined): void;
  chooseCheck(index: number | undefined): void;
  toggleHint(index: number): void;
}

/**
 * The lab's checks as it grades them, in the order of labChecks() (common/lab/score.ts, which leaves
 * the grading out for checks.run): the panel names a check by its index in this list.
 */
export const gradedChecks = (lab: Lab): GradedCheck[] => lab.tasks.flatMap((task) => task.checks);

/** The nodes and links a check is about ("h1 reaches h2": both hosts; an address as `to` names nothing drawn). */
export function checkTargets(check: Check): LabTargets {
  switch (check.kind) {
    case 'reachable':
      return { nodes: [check.from, check.to], links: [] };
    case 'link':
      return { nodes: [], links: [check.link] };
    default:
      return { nodes: [check.node], links: [] };
  }
}

/** A check's answer, or undefined before the helper gave one for it. */
export const outcomeOf = (state: Pick<LabSlice, 'labOutcomes'>, check: GradedCheck) => state.labOutcomes.get(check);

function highlightPatch(state: State, pointed = state.labPointed, chosen = state.labChosen): Patch {
  const index = pointed ?? chosen;
  const check = index === undefined || !state.topology.lab ? undefined : gradedChecks(state.topology.lab)[index];
  const failing = check && !outcomeOf(state, check)?.ok;
  const labHighlight = failing ? checkTargets(check) : NOTHING;
  const same =
    labHighlight.nodes.join() === state.labHighlight.nodes.join() &&
    labHighlight.links.join() === state.labHighlight.links.join();
  return same ? {} : { labHighlight };
}

/** The lab panel of a document just opened: a lab starts as the student sees it, on its instructions. */
function freshLab(hasLab: boolean): LabSlice {
  return {
    labMode: hasLab ? 'student' : 'author',
    labTab: 'instructions',
    labOutcomes: new Map(),
    labProblem: undefined,
    labPointed: undefined,
    labChosen: undefined,
    labHints: [],
    labHighlight: NOTHING,
  };
}

/** What opening `topology` does to the lab panel. */
export const labOpenedPatch = (topology: Topology): Patch => freshLab(!!topology.lab);

export const createLabSlice: SliceCreator<LabSlice & LabActions> = (set, get) => {
  /** New answers (none: forgotten), and the highlight they leave. */
  const takeAnswers = (labOutcomes: LabSlice['labOutcomes']) => {
    const patch = { labOutcomes, labProblem: undefined };
    set({ ...patch, ...highlightPatch({ ...get(), ...patch }) });
  };
  return {
    ...freshLab(false),
    showLabTab: (labTab) => set({ labTab }),
    setLabMode: (labMode) => set({ labMode }),
    checksAnswered(checks, outcomes) {
      if (get().networkState !== 'running') return;
      const answered = checks.flatMap((check, i): [GradedCheck, CheckOutcome][] => {
        const outcome = outcomes[i];
        return outcome ? [[check, outcome]] : [];
      });
      takeAnswers(new Map(answered));
    },
    checksFailed: (labProblem) => set({ labProblem }),
    forgetOutcomes() {
      if (get().labOutcomes.size || get().labProblem) takeAnswers(new Map());
    },
    pointAtCheck(labPointed) {
      set({ labPointed, ...highlightPatch(get(), labPointed) });
    },
    chooseCheck(labChosen) {
      set({ labChosen, selectedNodes: [], selectedLinks: [], ...highlightPatch(get(), get().labPointed, labChosen) });
    },
    toggleHint(index) {
      const { labHints } = get();
      set({ labHints: labHints.includes(index) ? labHints.filter((i) => i !== index) : [...labHints, index] });
    },
  };
};
