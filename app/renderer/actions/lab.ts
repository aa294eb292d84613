/**
 * Authoring a lab: adding, editing and removing its checks, locking nodes
 * and links. Each is one undo step, and each result is checked by the
 * shared schema (common/lab/) before it reaches the document.
 */
import { CHECK_SHAPES, type CheckKind } from '../../../common/checks/schema.js';
import { isLocked, type LockTarget } from '../../../common/lab/locks.js';
import { GRADING_FIELDS, type GradedCheck, type Lab } from '../../../common/lab/schema.js';
import { parseTopology, type Topology } from '../../../common/topology/index.js';
import { gradedChecks } from '../store/lab.js';
import type { State } from '../store/state.js';
import { commitTopology, type Action } from './action.js';
import { relevantMessage, type Edit, type EditResult } from './properties.js';

/** Where the index-th check (in gradedChecks order) sits: its task, and its place in that task. */
function placeOf(lab: Lab, index: number): { task: number; check: number } | undefined {
  let first = 0;
  for (const [task, { checks }] of lab.tasks.entries()) {
    if (index < first + checks.length) return { task, check: index - first };
    first += checks.length;
  }
  return undefined;
}

function withLab(topology: Topology, lab: Lab | undefined): Topology {
  const { lab: _old, ...rest } = topology;
  return lab ? { ...rest, lab } : rest;
}

const emptyLab = (topology: Topology): Lab => ({ title: topology.name, instructions: '', tasks: [] });

/**
 * The document with `check` as the index-th check, or (index 'new') after the
 * last task's checks, in a new "Task 1" when the document has no lab yet.
 * The check kept is the parsed one, defaults filled in (points 1, icmp).
 */
export function putCheck(topology: Topology, index: number | 'new', check: GradedCheck): EditResult {
  const lab = topology.lab ?? emptyLab(topology);
  const tasks = lab.tasks.length ? lab.tasks : [{ title: 'Task 1', checks: [] }];
  const place =
    index === 'new' ? { task: tasks.length - 1, check: tasks.at(-1)?.checks.length ?? 0 } : placeOf(lab, index);
  if (!place) return { ok: false, error: `the lab has no check ${Number(index) + 1}` };
  const put = (c: GradedCheck) =>
    withLab(topology, {
      ...lab,
      tasks: tasks.map((task, t) =>
        t === place.task ? { ...task, checks: task.checks.toSpliced(place.check, index === 'new' ? 0 : 1, c) } : task,
      ),
    });
  const candidate = put(check);
  const result = parseTopology(candidate);
  if (!result.ok)
    return {
      ok: false,
      error: relevantMessage(candidate, result.problems, `lab.tasks[${place.task}].checks[${place.check}]`),
    };
  const parsed = result.topology.lab?.tasks[place.task]?.checks[place.check] ?? check;
  return { ok: true, base: topology, topology: put(parsed) };
}

/** Adds a check to the lab (creating the lab with its "Task 1"), shows the tasks, and chooses the new check for Properties. */
export const addCheck: Action<GradedCheck> = {
  name: 'addCheck',
  label: 'Add check',
  perform(state, check) {
    const result = putCheck(state.topology, 'new', check);
    if (!result.ok) return { error: result.error };
    const chosen = gradedChecks(result.topology.lab ?? emptyLab(state.topology)).length - 1;
    return commitTopology(state, result.topology, {
      labTab: 'tasks',
      labChosen: chosen,
      labMode: 'author',
      selectedNodes: [],
      selectedLinks: [],
    });
  },
};

/** Removes the index-th check; an emptied task goes, and with the last task the lab. */
export const removeCheck: Action<number> = {
  name: 'removeCheck',
  label: 'Remove check',
  perform(state, index) {
    const lab = state.topology.lab;
    const place = lab && placeOf(lab, index);
    if (!lab || !place) return null;
    const tasks = lab.tasks
      .map((task, t) => (t === place.task ? { ...task, checks: task.checks.toSpliced(place.check, 1) } : task))
      .filter((task) => task.checks.length > 0);
    const topology = withLab(state.topology, tasks.length ? { ...lab, tasks } : undefined);
    return commitTopology(state, topology, { labChosen: undefined, labPointed: undefined });
  },
};

/** The selected nodes and links, as lock targets. */
const selectedTargets = (state: State): LockTarget[] => [
  ...state.selectedNodes.map((node) => ({ node })),
  ...state.selectedLinks.map((link) => ({ link })),
];

const sameTarget = (a: LockTarget, b: LockTarget) =>
  'node' in a ? 'node' in b && a.node === b.node : 'link' in b && a.link === b.link;

/** Whether some of the selection is (`locked`) or is not (`!locked`) locked by the document's lab. */
export const selectionHasLock = (state: State, locked: boolean): boolean =>
  !!state.topology.lab && selectedTargets(state).some((target) => isLocked(state.topology.lab, target) === locked);

/** Locks the selected nodes and links whole (every lockable field), or unlocks them. */
function lockAction(lock: boolean): Action {
  return {
    name: lock ? 'lockSelection' : 'unlockSelection',
    label: lock ? 'Lock for the lab' : 'Unlock',
    perform(state) {
      const lab = state.topology.lab;
      if (!lab || !selectionHasLock(state, !lock)) return null;
      const targets = selectedTargets(state);
      const kept = (lab.locked ?? []).filter((entry) => !targets.some((target) => sameTarget(entry, target)));
      const locked = lock ? [...kept, ...targets] : kept;
      const { locked: _old, ...rest } = lab;
      return commitTopology(state, withLab(state.topology, locked.length ? { ...rest, locked } : rest));
    },
  };
}

export const lockSelection = lockAction(true);
export const unlockSelection = lockAction(false);

/** How a check's field is typed in the Properties panel. */
export type CheckFieldForm = 'text' | 'number' | 'words' | 'json' | 'flag';

interface ZodLike {
  _zod: { def: { type: string; innerType?: ZodLike } };
}

/** How each field a lab adds to a check (GRADING_FIELDS) is typed. */
const GRADING_FORMS: Record<(typeof GRADING_FIELDS)[number], CheckFieldForm> = {
  title: 'text',
  points: 'number',
  hint: 'text',
  hidden: 'flag',
};

/** The form of a field: the lab's own, or read from the kind's schema (CHECK_SHAPES), optional and default looked through. */
export function checkFieldForm(kind: CheckKind, field: string): CheckFieldForm {
  if (field in GRADING_FORMS) return GRADING_FORMS[field as keyof typeof GRADING_FORMS];
  let schema = (CHECK_SHAPES[kind] as Record<string, ZodLike>)[field];
  while (schema?._zod.def.innerType) schema = schema._zod.def.innerType;
  const type = schema?._zod.def.type;
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'flag';
  if (type === 'array') return 'words';
  if (type === 'record' || type === 'object') return 'json';
  return 'text';
}

type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

/** A field's value as typed (a flag as "true" or "false"); empty text leaves an optional field out. */
function fieldValue(form: CheckFieldForm, text: string): Parsed {
  const trimmed = text.trim();
  if (form === 'flag') return { ok: true, value: trimmed === 'true' };
  if (form === 'words') return { ok: true, value: trimmed.split(/\s+/).filter(Boolean) };
  if (!trimmed) return { ok: true, value: undefined };
  if (form === 'number') return { ok: true, value: Number(trimmed) };
  if (form !== 'json') return { ok: true, value: trimmed };
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    return { ok: false, error: 'must be written as JSON, e.g. { "delay": "50ms" }' };
  }
}

/** A field's text in the Properties panel. */
export function checkFieldText(check: GradedCheck, field: string): string {
  const value = (check as Record<string, unknown>)[field];
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(' ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The edit that sets one field of the index-th check from typed text. */
export function checkFieldEdit(index: number, field: string, text: string): Edit {
  return (topology) => {
    const check = topology.lab && gradedChecks(topology.lab)[index];
    if (!check) return { ok: false, error: 'that check is no longer in the lab' };
    const parsed = fieldValue(checkFieldForm(check.kind, field), text);
    if (!parsed.ok) return parsed;
    return putCheck(topology, index, reconciled({ ...check, [field]: parsed.value } as GradedCheck, field));
  };
}

/**
 * A reachability check's protocol and port go together, but the panel edits one field at a time: a
 * port typed into an icmp check makes it tcp, and icmp chosen drops the port (tcp or udp without a
 * port is refused by the schema: "tcp needs a port").
 */
function reconciled(check: GradedCheck, field: string): GradedCheck {
  if (check.kind !== 'reachable') return check;
  if (field === 'port' && check.port !== undefined && check.protocol === 'icmp') return { ...check, protocol: 'tcp' };
  if (field === 'protocol' && check.protocol === 'icmp') return { ...check, port: undefined };
  return check;
}
