/**
 * A scenario read, checked against a network's document, and put in time
 * order with its quantities in the document's units, so whoever runs it
 * (the command line) never parses text again.
 */
import type { LinkParams } from '../topology/link-params-schema.js';
import { STACK_KINDS, type Topology } from '../topology/schema.js';
import { checkNameProblems } from '../checks/names.js';
import { formatPath, type TopologyProblem } from '../topology/problems.js';
import { parseLinkParamAssignment, parseQuantity } from '../units/units.js';
import { scenarioSchema, type Scenario, type ScenarioStep } from './schema.js';

export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; problems: TopologyProblem[] };

export function readScenario(input: unknown): ScenarioResult {
  const result = scenarioSchema.safeParse(input);
  if (result.success) return { ok: true, scenario: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  };
}

/** Problems of one step, each path under `at` (`steps[2].link: no link "x" in the network`). */
export function stepNameProblems(step: ScenarioStep, topology: Topology, at: string): TopologyProblem[] {
  const links = new Set(topology.links.map((l) => l.id));
  const stacks = new Set(topology.nodes.filter((n) => STACK_KINDS.includes(n.kind)).map((n) => n.id));
  const problems: TopologyProblem[] = [];
  const check = (path: string, known: Set<string>, what: string, id: string) => {
    if (!known.has(id)) problems.push({ path, message: `no ${what} "${id}" in the network` });
  };
  if ('link' in step) check(`${at}.link`, links, 'link', step.link);
  if ('node' in step) check(`${at}.node`, stacks, 'host or router', step.node);
  if ('host' in step) check(`${at}.host`, stacks, 'host or router', step.host);
  if (step.do === 'check') problems.push(...checkNameProblems(step.check, topology, `${at}.check`));
  if (step.do === 'partition')
    step.groups.forEach((group, g) =>
      group.forEach((id, n) => check(`${at}.groups[${g}][${n}]`, stacks, 'host or router', id)),
    );
  return problems;
}

/** Steps that name a link, node or host the network does not have (`steps[2].link: no link "x"`). */
export function nameProblems(scenario: Scenario, topology: Topology): TopologyProblem[] {
  return scenario.steps.flatMap((step, i) => stepNameProblems(step, topology, `steps[${i}]`));
}

/** Where a step the scenario does not write comes from: a template's steps, made for one of its nodes. */
export interface StepSource {
  template: string;
  /** The node's id. */
  node: string;
}

/** A contributed step's node and template, said before what it does: `e1 (etcd-member): `. */
export const stepSource = (from: StepSource | undefined) => (from ? `${from.node} (${from.template}): ` : '');

/** A step played beside the scenario's own (common/templates/steps.ts makes them). */
export interface ContributedStep {
  step: ScenarioStep;
  from: StepSource;
}

/** What a step does, its quantities converted: durations in ms, link parameters as document fields. */
export type Action =
  | { do: 'link set'; link: string; changes: Partial<LinkParams>; dir?: 'a>b' | 'b>a' }
  | { do: 'link flap'; link: string; downMs: number; upMs: number; count: number }
  | { do: 'exec'; host: string; argv: string[]; timeoutMs: number; expect?: { exit?: number; output?: string } }
  | Exclude<ScenarioStep, { do: 'link set' | 'link flap' | 'exec' }>;

export interface PlannedStep {
  /** Its place in the file, for messages and the log; contributed steps are numbered after the scenario's own. */
  index: number;
  atMs: number;
  action: Action;
  /** Where a contributed step comes from. */
  from?: StepSource;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Milliseconds of a duration the schema has checked. */
function ms(text: string | number): number {
  const parsed = parseQuantity('duration', 'at', String(text));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

function actionOf(step: ScenarioStep): Action {
  switch (step.do) {
    case 'link set': {
      const changes: Record<string, number> = {};
      for (const [name, value] of Object.entries(step.params)) {
        const parsed = parseLinkParamAssignment(name, String(value));
        if (!parsed.ok) throw new Error(parsed.error);
        changes[parsed.field] = parsed.value;
      }
      return { do: step.do, link: step.link, changes, dir: step.dir };
    }
    case 'link flap':
      return { do: step.do, link: step.link, downMs: ms(step.down), upMs: ms(step.up), count: step.count };
    case 'exec':
      return {
        do: step.do,
        host: step.host,
        argv: step.argv,
        timeoutMs: step.timeout === undefined ? DEFAULT_TIMEOUT_MS : ms(step.timeout),
        expect: step.expect,
      };
    default:
      return step;
  }
}

/**
 * The steps of a valid scenario, and those contributed beside it, in time order (steps at the same
 * time keep their order: the scenario's own first).
 */
export function planScenario(scenario: Scenario, contributed: readonly ContributedStep[] = []): PlannedStep[] {
  return [...scenario.steps.map((step) => ({ step, from: undefined })), ...contributed]
    .map(({ step, from }, index) => ({ index, atMs: ms(step.at), action: actionOf(step), ...(from && { from }) }))
    .sort((x, y) => x.atMs - y.atMs || x.index - y.index);
}
