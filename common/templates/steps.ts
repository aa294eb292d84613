/**
 * A document's template steps, made for each node of each template: the fields filled for that node
 * (text.ts), the node itself where its field is left out (step-schema.ts), names of nodes turned into
 * their ids, a check's fields as a template check's (checks.ts). `vnet scenario run` plays them beside
 * the document's scenario and the document's validation (problems.ts) refuses what cannot be made:
 * both make them here, and name a problem by its node and its template's step.
 */
import { stepNameProblems, type ContributedStep } from '../scenario/plan.js';
import { stepSchema, type Scenario, type ScenarioStep } from '../scenario/schema.js';
import type { TopologyProblem } from '../topology/problems.js';
import type { Template, Topology, TopologyNode } from '../topology/schema.js';
import { checkForNode } from './checks.js';
import { valueOf, type AddressesOf } from './expand.js';
import { describeIssues, fill, nodeIdOf, wholeNumber } from './fill.js';
import { stepWithSelf, type TemplateStep } from './step-schema.js';
import { expandPlaceholders, PlaceholderError } from './text.js';

/** A filled step as node plays it: the node itself where left out, names of nodes their ids, a count its number. */
function stepForNode(topology: Topology, node: TopologyNode, filled: Record<string, unknown>) {
  const step = stepWithSelf(filled, node.id);
  const id = (value: unknown) => nodeIdOf(topology, value);
  for (const field of ['host', 'node']) if (field in step) step[field] = id(step[field]);
  if (Array.isArray(step.groups)) step.groups = step.groups.map((g: unknown) => (Array.isArray(g) ? g.map(id) : g));
  if ('count' in step) step.count = wholeNumber(step.count);
  if (step.do === 'check' && step.check !== null && typeof step.check === 'object')
    step.check = checkForNode(topology, node, step.check as Record<string, unknown>);
  return step;
}

/** The step template's raw makes for node, or what is wrong with it ("at: say a unit …"). */
export function nodeStep(
  topology: Topology,
  node: TopologyNode,
  template: Template,
  raw: TemplateStep,
  addressesOf: AddressesOf,
): { step: ScenarioStep } | { problem: string } {
  const expand = (text: string) =>
    expandPlaceholders(text, (key) => valueOf(topology, node, template, addressesOf, key));
  try {
    const filled = stepForNode(topology, node, fill(raw, expand) as Record<string, unknown>);
    const parsed = stepSchema.safeParse(filled);
    if (parsed.success) return { step: parsed.data };
    return { problem: describeIssues(parsed.error.issues, raw, filled, 'the step') };
  } catch (error) {
    if (!(error instanceof PlaceholderError)) throw error;
    return { problem: `{${error.key}} has no value for ${node.name}` };
  }
}

export interface MadeSteps {
  steps: ContributedStep[];
  /** Named at the node (`nodes[2]`): `template "etcd-member"'s steps[0].host: no host or router "e1" …`. */
  problems: TopologyProblem[];
}

/**
 * node's template steps made for it (none when it has no template), and what is wrong with any: a field
 * its parameters make wrong, a name `network` (the document itself, or the network it is played on) lacks.
 */
export function nodeSteps(
  topology: Topology,
  node: TopologyNode,
  at: string,
  addressesOf: AddressesOf,
  network: Topology = topology,
): MadeSteps {
  const name = node.template;
  const template = name === undefined ? undefined : topology.templates?.[name];
  const made: MadeSteps = { steps: [], problems: [] };
  if (name === undefined || !template) return made;
  (template.steps ?? []).forEach((raw, i) => {
    const where = `template "${name}"'s steps[${i}]`;
    const result = nodeStep(topology, node, template, raw, addressesOf);
    if ('problem' in result) return made.problems.push({ path: at, message: `${where}: ${result.problem}` });
    const problems = stepNameProblems(result.step, network, '');
    made.problems.push(...problems.map((p) => ({ path: at, message: `${where}${p.path}: ${p.message}` })));
    made.steps.push({ step: result.step, from: { template: name, node: node.id } });
  });
  return made;
}

/** Every template step of the document, for each node of its template, in the order of the nodes. */
export function templateSteps(topology: Topology, addressesOf: AddressesOf, network: Topology = topology): MadeSteps {
  const made = topology.nodes.map((node, i) => nodeSteps(topology, node, `nodes[${i}]`, addressesOf, network));
  return { steps: made.flatMap((m) => m.steps), problems: made.flatMap((m) => m.problems) };
}

/** The document's own scenario; without one, none of its own steps: its templates' steps alone play. */
export const ownScenario = (topology: Topology): Scenario => topology.scenario ?? { steps: [] };

/** The document has steps to play: a scenario of its own, or steps its templates add. */
export const hasScenario = (topology: Topology) => !!topology.scenario || templateStepCount(topology) > 0;

/** How many steps the document's templates make for its nodes. */
export function templateStepCount(topology: Topology): number {
  return topology.nodes.reduce(
    (sum, n) => sum + (n.template === undefined ? 0 : (topology.templates?.[n.template]?.steps?.length ?? 0)),
    0,
  );
}
