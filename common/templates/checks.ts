/**
 * A document's template checks, made for each node of each template: the fields filled for that node
 * (text.ts), the node itself where `node` or `from` is left out, names of nodes turned into their
 * ids, and the title led by the node's name ("web1: nginx listens on 8080"). `vnet check`, the
 * designer's Properties and the document's validation (problems.ts) all make them here.
 */
import { checkSchema, type Check } from '../checks/schema.js';
import type { HostStatus } from '../protocol/helper.js';
import type { Template, Topology, TopologyNode } from '../topology/schema.js';
import { checkWithSelf, type TemplateCheck } from './check-schema.js';
import { valueOf, type AddressesOf } from './expand.js';
import { describeIssues, fill, nodeIdOf, wholeNumber } from './fill.js';
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

/**
 * A check's filled fields as node asks it: the node itself where `node` or `from` is left out, a port
 * given as text the number it says, names of nodes their ids. Template steps that ask a check make it so too.
 */
export function checkForNode(topology: Topology, node: TopologyNode, fields: Record<string, unknown>) {
  const check = checkWithSelf(fields, node.id);
  check.port = wholeNumber(check.port);
  for (const field of NODE_FIELDS) check[field] = nodeIdOf(topology, check[field]);
  return Object.fromEntries(Object.entries(check).filter(([, v]) => v !== undefined));
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
    const { title: _title, ...fields } = raw;
    const filled = checkForNode(topology, node, fill(fields, expand) as Record<string, unknown>);
    const parsed = checkSchema.safeParse(filled);
    if (parsed.success) return { title, check: parsed.data };
    return { title, problem: describeIssues(parsed.error.issues, raw, filled, 'the check') };
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
