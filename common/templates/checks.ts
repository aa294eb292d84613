/**
 * A document's template checks, made for each node of each template: the fields filled for that node
 * (text.ts), the node itself where `node` or `from` is left out, names of nodes turned into their
 * ids, and the title led by the node's name ("web1: nginx listens on 8080"). `vnet check`, the
 * designer's Properties and the document's validation (problems.ts) all make them here.
 */
import { checkSchema, CHECK_SHAPES, type Check } from '../checks/schema.js';
import type { HostStatus } from '../protocol/helper.js';
import { formatPath } from '../topology/problems.js';
import type { Template, Topology, TopologyNode } from '../topology/schema.js';
import { SELF_FIELDS, type TemplateCheck } from './check-schema.js';
import { valueOf, type AddressesOf } from './expand.js';
import { expandPlaceholders, PlaceholderError } from './text.js';

/** One template check made for one node: the check to ask, or why it cannot be made for it. */
export type NodeCheck = {
  /** The node's id. */
  node: string;
  template: string;
  /** Its index in the template's checks. */
  index: number;
  title: string;
} & ({ check: Check } | { problem: string });

/** Fields naming a node, which take its name (as `{name}` and parameters give it) or its id. */
const NODE_FIELDS = ['node', 'from', 'to'];

function fill(value: unknown, expand: (text: string) => string): unknown {
  if (typeof value === 'string') return expand(value);
  if (Array.isArray(value)) return value.map((v) => fill(v, expand));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, expand)]));
  return value;
}

/** The check's fields filled for node: a number field given as text becomes the number it says. */
function filledFields(topology: Topology, node: TopologyNode, raw: TemplateCheck, expand: (text: string) => string) {
  const { title: _title, ...fields } = raw;
  const filled = fill(fields, expand) as Record<string, unknown>;
  for (const field of SELF_FIELDS)
    if (field in CHECK_SHAPES[raw.kind] && filled[field] === undefined) filled[field] = node.id;
  if (typeof filled.port === 'string' && /^\d+$/.test(filled.port)) filled.port = Number(filled.port);
  for (const field of NODE_FIELDS) {
    const named = topology.nodes.find((n) => n.name === filled[field]);
    if (named && !topology.nodes.some((n) => n.id === filled[field])) filled[field] = named.id;
  }
  return filled;
}

/** What a bad field was given, when placeholders made it: ` ("{param.port}" gives "web")`. */
function given(raw: TemplateCheck, filled: Record<string, unknown>, path: readonly PropertyKey[]): string {
  const field = String(path[0]);
  const text = (raw as Record<string, unknown>)[field];
  return typeof text === 'string' && path.length === 1 && text !== String(filled[field])
    ? ` ("${text}" gives "${String(filled[field])}")`
    : '';
}

/** The check template's raw makes for node, or what is wrong with it ("port: must be a port number …"). */
export function nodeCheck(
  topology: Topology,
  node: TopologyNode,
  template: Template,
  raw: TemplateCheck,
  addressesOf: AddressesOf,
): { title: string } & ({ check: Check } | { problem: string }) {
  const expand = (text: string) =>
    expandPlaceholders(text, (key) => valueOf(topology, node, template, addressesOf, key));
  try {
    const title = `${node.name}: ${expand(raw.title)}`;
    const filled = filledFields(topology, node, raw, expand);
    const parsed = checkSchema.safeParse(filled);
    if (parsed.success) return { title, check: parsed.data };
    const problem = parsed.error.issues
      .map((i) => `${formatPath(i.path) || 'the check'}: ${i.message}${given(raw, filled, i.path)}`)
      .join('; ');
    return { title, problem };
  } catch (error) {
    if (!(error instanceof PlaceholderError)) throw error;
    return { title: `${node.name}: ${raw.title}`, problem: `{${error.key}} has no value for ${node.name}` };
  }
}

/** The template checks of one node (none when it has no template). */
export function nodeChecks(topology: Topology, node: TopologyNode, addressesOf: AddressesOf): NodeCheck[] {
  const name = node.template;
  const template = name === undefined ? undefined : topology.templates?.[name];
  if (name === undefined || !template) return [];
  return (template.checks ?? []).map((raw, index) => ({
    node: node.id,
    template: name,
    index,
    ...nodeCheck(topology, node, template, raw, addressesOf),
  }));
}

/** Every template check of the document, for each node of its template, in the order of the nodes. */
export function templateChecks(topology: Topology, addressesOf: AddressesOf): NodeCheck[] {
  return topology.nodes.flatMap((node) => nodeChecks(topology, node, addressesOf));
}

/** The addresses network.status reports, as placeholders take them (without prefix, first interface first). */
export function statusAddresses(hosts: Readonly<Record<string, HostStatus>>): AddressesOf {
  return (id) => {
    const byInterface = new Map<string, string>();
    for (const i of hosts[id]?.interfaces ?? [])
      if (i.address !== undefined) byInterface.set(i.name, i.address.split('/')[0] as string);
    return { first: byInterface.values().next().value, byInterface };
  };
}
