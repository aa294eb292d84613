/**
 * A node made from a template, expanded: the template's processes, privateDirs and files with its
 * placeholders filled for that node, merged with what the node says itself. The helper's plan calls
 * it, once the addresses are known; validation (problems.ts) has made sure every placeholder names
 * something.
 */
import { PlanError } from '../topology/addressing.js';
import type { ProcessSpec, Template, Topology, TopologyNode } from '../topology/schema.js';
import { expandPlaceholders, PlaceholderError } from './text.js';

/** A stack node's addresses, without prefix: its first interface's and each interface's by name. */
export interface NodeAddresses {
  first?: string;
  byInterface: Pick<ReadonlyMap<string, string>, 'get'>;
}

/** A file to place in a host's private directories: absolute path as the host sees it, its text. */
export interface TemplateFile {
  path: string;
  content: string;
}

export interface ExpandedNode {
  processes: ProcessSpec[];
  privateDirs: string[];
  files: TemplateFile[];
}

export type AddressesOf = (node: string) => NodeAddresses;

/** What one placeholder key is for node (members listed through memberList). */
export function valueOf(
  topology: Topology,
  node: TopologyNode,
  template: Template,
  addressesOf: AddressesOf,
  key: string,
): string | undefined {
  const addresses = addressesOf(node.id);
  const [kind, ...rest] = key.split('.');
  const arg = rest.join('.');
  if (key === 'name') return node.name;
  if (key === 'address') return addresses.first;
  if (kind === 'addresses') return addresses.byInterface.get(arg);
  if (kind === 'param') return node.params?.[arg] ?? template.params?.[arg]?.default ?? '';
  if (kind === 'members') return memberList(topology, arg, addressesOf);
  return undefined;
}

/** `{members.<name>}`: each node of that template as its `member` text says (its name by default), comma-separated. */
function memberList(topology: Topology, name: string, addressesOf: AddressesOf): string | undefined {
  const template = topology.templates?.[name];
  if (!template) return undefined;
  return topology.nodes
    .filter((n) => n.template === name)
    .map((n) => expandFor(topology, n, template, addressesOf, template.member ?? '{name}'))
    .join(',');
}

function expandFor(
  topology: Topology,
  node: TopologyNode,
  template: Template,
  addressesOf: AddressesOf,
  text: string,
): string {
  try {
    return expandPlaceholders(text, (key) => valueOf(topology, node, template, addressesOf, key));
  } catch (error) {
    if (error instanceof PlaceholderError)
      throw new PlanError(`host ${node.id} (template "${node.template}"): {${error.key}} has no value for it`);
    throw error;
  }
}

function expandProcess(spec: ProcessSpec, expand: (text: string) => string): ProcessSpec {
  const env = spec.env && Object.fromEntries(Object.entries(spec.env).map(([k, v]) => [k, expand(v)]));
  return {
    argv: spec.argv.map(expand),
    ...(spec.cwd !== undefined && { cwd: expand(spec.cwd) }),
    ...(env && { env }),
  };
}

/** The node's processes, privateDirs and files once its template (if any) is applied. */
export function expandNode(topology: Topology, node: TopologyNode, addressesOf: AddressesOf): ExpandedNode {
  const own = { processes: node.processes ?? [], privateDirs: node.privateDirs ?? [] };
  const template = node.template === undefined ? undefined : topology.templates?.[node.template];
  if (!template) return { ...own, files: [] };
  const expand = (text: string) => expandFor(topology, node, template, addressesOf, text);
  const templateDirs = template.privateDirs ?? [];
  return {
    processes: [...(template.processes ?? []).map((p) => expandProcess(p, expand)), ...own.processes],
    privateDirs: [...templateDirs, ...own.privateDirs.filter((dir) => !templateDirs.includes(dir))],
    files: Object.entries(template.files ?? {}).map(([path, content]) => ({ path, content: expand(content) })),
  };
}
