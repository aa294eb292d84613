/**
 * The rules of templates across fields, said as validate.ts says its problems: a template's
 * placeholders must name something, its files must lie in its privateDirs; a node names a template
 * the document carries, gives the parameters it needs and no others.
 */
import type { TopologyProblem } from '../topology/problems.js';
import { privateDirsProblems, STACK_KINDS, type Template, type Topology } from '../topology/schema.js';
import { placeholderProblem, placeholdersIn, type PlaceholderPlace } from './placeholders.js';

/** Every text of a template that takes placeholders, with the field path that names it. */
function textsOf(template: Template, at: string): { path: string; text: string; place: PlaceholderPlace }[] {
  const texts = (template.processes ?? []).flatMap((p, i) => [
    ...p.argv.map((text, j) => ({ path: `${at}.processes[${i}].argv[${j}]`, text })),
    ...(p.cwd === undefined ? [] : [{ path: `${at}.processes[${i}].cwd`, text: p.cwd }]),
    ...Object.entries(p.env ?? {}).map(([k, text]) => ({ path: `${at}.processes[${i}].env.${k}`, text })),
  ]);
  texts.push(...Object.entries(template.files ?? {}).map(([file, text]) => ({ path: `${at}.files["${file}"]`, text })));
  const all = texts.map((t) => ({ ...t, place: 'text' as PlaceholderPlace }));
  if (template.member !== undefined) all.push({ path: `${at}.member`, text: template.member, place: 'member' });
  return all;
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

function nodeProblems(topology: Topology): TopologyProblem[] {
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
    return problems;
  });
}

/** Problems of the document's templates and of the nodes that use them. */
export function templateProblems(topology: Topology): TopologyProblem[] {
  const templates = topology.templates ?? {};
  const names = Object.keys(templates);
  return [
    ...Object.entries(templates).flatMap(([name, template]) => templateProblemsOf(name, template, names)),
    ...nodeProblems(topology),
  ];
}
