/**
 * The rules of templates across fields, said as validate.ts says its problems: a template's
 * placeholders must name something, its files must lie in its privateDirs; a node names a template
 * the document carries, gives the parameters it needs and no others, and each of the template's
 * checks and steps made for it (checks.ts, steps.ts) is a valid check or step naming what the network has.
 */
import { checkNameProblems } from '../checks/names.js';
import type { TopologyProblem } from '../topology/problems.js';
import {
  privateDirsProblems,
  STACK_KINDS,
  type Template,
  type Topology,
  type TopologyNode,
} from '../topology/schema.js';
import { nodeCheck } from './checks.js';
import type { NodeAddresses } from './expand.js';
import { placeholderProblem, type PlaceholderPlace } from './placeholders.js';
import { nodeSteps } from './steps.js';
import { placeholdersIn } from './text.js';

/** Every text of a template that takes placeholders, with the field path that names it. */
function textsOf(template: Template, at: string): { path: string; text: string; place: PlaceholderPlace }[] {
  const texts = (template.processes ?? []).flatMap((p, i) => [
    ...p.argv.map((text, j) => ({ path: `${at}.processes[${i}].argv[${j}]`, text })),
    ...(p.cwd === undefined ? [] : [{ path: `${at}.processes[${i}].cwd`, text: p.cwd }]),
    ...Object.entries(p.env ?? {}).map(([k, text]) => ({ path: `${at}.processes[${i}].env.${k}`, text })),
  ]);
  texts.push(...Object.entries(template.files ?? {}).map(([file, text]) => ({ path: `${at}.files["${file}"]`, text })));
  (template.checks ?? []).forEach((check, i) => texts.push(...textsIn(check, `${at}.checks[${i}]`)));
  (template.steps ?? []).forEach((step, i) => texts.push(...textsIn(step, `${at}.steps[${i}]`)));
  const all = texts.map((t) => ({ ...t, place: 'text' as PlaceholderPlace }));
  if (template.member !== undefined) all.push({ path: `${at}.member`, text: template.member, place: 'member' });
  return all;
}

/** The texts in a value (a check's or step's fields, its argv, its expect), each with its path. */
function textsIn(value: unknown, path: string): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => textsIn(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => textsIn(v, `${path}.${k}`));
  return [];
}

const inside = (path: string, dir: string) => path.startsWith(`${dir}/`);

function templateProblemsOf(name: string, template: Template, templates: readonly string[]): TopologyProblem[] {
  const at = `templates.${name}`;
  const problems = textsOf(template, at).flatMap(({ path, text, place }) =>
    placeholdersIn(text).flatMap((key) => {
      const message = placeholderProblem(key, template, templates, place);
      return message ? [{ path, message }] : [];
    }),
  );
  const dirs = template.privateDirs ?? [];
  for (const file of Object.keys(template.files ?? {}))
    if (!dirs.some((dir) => inside(file, dir)))
      problems.push({
        path: `${at}.files["${file}"]`,
        message: `${file} is outside the template's privateDirs (${dirs.join(', ') || 'it has none'}): files are placed only there`,
      });
  for (const [param, spec] of Object.entries(template.params ?? {}))
    if (spec.required && spec.default !== undefined)
      problems.push({ path: `${at}.params.${param}`, message: 'a required parameter takes no default' });
  return problems;
}

/** Problems of the nodes made from templates; a template with problems of its own (`broken`) makes no checks or steps. */
function nodeProblems(topology: Topology, broken: ReadonlySet<string>): TopologyProblem[] {
  const templates = topology.templates ?? {};
  const names = Object.keys(templates);
  return topology.nodes.flatMap((node, i): TopologyProblem[] => {
    const at = `nodes[${i}]`;
    if (node.template === undefined)
      return node.params ? [{ path: `${at}.params`, message: 'parameters are for a template: the node has none' }] : [];
    if (!STACK_KINDS.includes(node.kind))
      return [
        { path: `${at}.template`, message: `a ${node.kind} takes no template (templates make hosts and routers)` },
      ];
    const template = templates[node.template];
    if (!template)
      return [
        {
          path: `${at}.template`,
          message: `the document carries no template "${node.template}"${names.length ? ` (it has ${names.join(', ')})` : ''}`,
        },
      ];
    const params = template.params ?? {};
    const problems: TopologyProblem[] = Object.keys(node.params ?? {})
      .filter((p) => !(p in params))
      .map((p) => ({
        path: `${at}.params.${p}`,
        message: `template "${node.template}" has no parameter "${p}"${Object.keys(params).length ? ` (it has ${Object.keys(params).join(', ')})` : ''}`,
      }));
    for (const [p, spec] of Object.entries(params))
      if (spec.required && node.params?.[p] === undefined)
        problems.push({
          path: `${at}.params`,
          message: `template "${node.template}" needs "${p}": ${spec.description}`,
        });
    const merged = [...(template.privateDirs ?? []), ...(node.privateDirs ?? [])];
    const unique = merged.filter((dir, j) => merged.indexOf(dir) === j);
    for (const { message } of privateDirsProblems(unique))
      problems.push({ path: `${at}.privateDirs`, message: `with template "${node.template}"'s: ${message}` });
    if (!problems.length && !broken.has(node.template))
      problems.push(...checkProblems(topology, node, template, at), ...nodeSteps(topology, node, at, standIn).problems);
    return problems;
  });
}

/** Addresses before they are planned: any address tells whether a check's fields fit; every interface has one. */
const STAND_IN_ADDRESS = '192.0.2.1';
const standIn = (): NodeAddresses => ({ first: STAND_IN_ADDRESS, byInterface: { get: () => STAND_IN_ADDRESS } });

/** Each of the template's checks made for node: a field its parameters make wrong, a node it names that is not there. */
function checkProblems(topology: Topology, node: TopologyNode, template: Template, at: string): TopologyProblem[] {
  return (template.checks ?? []).flatMap((raw, i) => {
    const where = `template "${node.template}"'s checks[${i}]`;
    const made = nodeCheck(topology, node, template, raw, standIn);
    if ('problem' in made) return [{ path: at, message: `${where}: ${made.problem}` }];
    return checkNameProblems(made.check, topology, '').map((p) => ({
      path: at,
      message: `${where}${p.path}: ${p.message}`,
    }));
  });
}

/** Problems of the document's templates and of the nodes that use them. */
export function templateProblems(topology: Topology): TopologyProblem[] {
  const templates = topology.templates ?? {};
  const names = Object.keys(templates);
  const own = names.map((name) => templateProblemsOf(name, templates[name] as Template, names));
  const broken = new Set(names.filter((_, i) => own[i]?.length));
  return [...own.flat(), ...nodeProblems(topology, broken)];
}
