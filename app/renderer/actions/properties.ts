/**
 * Edits from the properties panel. Each edit is checked against the shared
 * schema on the whole document as it is typed, so an invalid value (bad
 * CIDR, duplicate address, negative delay) is reported with the schema's
 * own message; the checked document is what `editProperties` commits, so
 * an edit is checked once and never reaches the document or the helper
 * unchecked.
 */
import {
  DIRECTIONS,
  directionParams,
  LINK_PARAMS,
  parseTopology,
  type Direction,
  type LinkParamSpec,
  type Topology,
  type TopologyLink,
  type TopologyNode,
  type TopologyProblem,
} from '../../../common/topology/index.js';
import { parseQuantity, readableQuantity } from '../../../common/units/units.js';
import { commitTopology, type Action } from './action.js';

type LinkParam = (typeof LINK_PARAMS)[number];
export type LinkParamName = LinkParam['name'];
/** A link parameter, or an end's static address of one family (`address6-b`: end b's IPv6 address). */
export type LinkField = LinkParamName | `${'address' | 'address6'}-${'a' | 'b'}`;
/** Which of a link's parameters a field edits: both directions (`params`) or one direction's override. */
export type DirectionChoice = 'both' | Direction;

/** A checked edit: the document it was made on and the document it gives. */
export type EditResult = { ok: true; base: Topology; topology: Topology } | { ok: false; error: string };
/** An edit as a function of the document, so it can be made again on a newer one. */
export type Edit = (topology: Topology) => EditResult;

/** Field paths in messages (`links[3].a.address`) in the user's terms (`link a-lan, end a`). */
export function describePaths(topology: Topology, text: string): string {
  return text.replace(
    /\b(links|nodes)\[(\d+)\](?:\.(a|b)\b)?[\w.]*/g,
    (path, list: string, index: string, side?: string) => {
      const item = list === 'links' ? topology.links[Number(index)] : topology.nodes[Number(index)];
      if (!item) return path;
      return list === 'links' ? `link ${item.id}${side ? `, end ${side}` : ''}` : `node ${item.id}`;
    },
  );
}

/**
 * The message about the edited field. A clash is reported on whichever of
 * the two fields comes later in the document, naming the other; when that
 * other is the edited one, the message is turned round to name the clash.
 */
export function relevantMessage(topology: Topology, problems: readonly TopologyProblem[], pathPrefix: string): string {
  const own = problems.find((p) => p.path.startsWith(pathPrefix));
  if (own) return describePaths(topology, own.message);
  const mentioning = problems.find((p) => p.message.includes(pathPrefix));
  if (mentioning) {
    const mentioned = new RegExp(`${pathPrefix.replace(/[[\].]/g, '\\$&')}[\\w.]*`);
    return describePaths(topology, mentioning.message.replace(mentioned, mentioning.path));
  }
  const first = problems[0];
  if (!first) return 'invalid value';
  return describePaths(topology, first.path ? `${first.path}: ${first.message}` : first.message);
}

export function checked(base: Topology, candidate: Topology, pathPrefix: string): EditResult {
  const result = parseTopology(candidate);
  // The candidate, not the parsed copy: unchanged nodes and links keep their identity, so the canvas redraws only the edit.
  return result.ok
    ? { ok: true, base, topology: candidate }
    : { ok: false, error: relevantMessage(candidate, result.problems, pathPrefix) };
}

const spec = (name: LinkParamName): LinkParam => LINK_PARAMS.find((p) => p.name === name) as LinkParam;

/** Without `field`; undefined when nothing is left. */
function without<T extends object>(value: T | undefined, field: keyof T): T | undefined {
  if (!value) return undefined;
  const { [field]: _gone, ...rest } = value;
  return Object.keys(rest).length ? (rest as T) : undefined;
}

/**
 * A link with one parameter set: for both directions in `params` (and no
 * longer overridden by either), or for one direction as an override (none
 * when it equals `params`).
 */
export function withLinkParam(
  link: TopologyLink,
  field: LinkParamSpec['field'],
  value: number,
  choice: DirectionChoice,
): TopologyLink {
  const { directions: _old, ...rest } = link;
  const directions: NonNullable<TopologyLink['directions']> = {};
  for (const dir of DIRECTIONS) {
    const own = link.directions?.[dir];
    const kept = choice === 'both' || choice === dir ? without(own, field) : own;
    const next = choice === dir && value !== link.params[field] ? { ...kept, [field]: value } : kept;
    if (next) directions[dir] = next;
  }
  const params = choice === 'both' ? { ...link.params, [field]: value } : link.params;
  return Object.keys(directions).length ? { ...rest, params, directions } : { ...rest, params };
}

export function editLink(
  topology: Topology,
  linkId: string,
  field: LinkField,
  text: string,
  choice: DirectionChoice = 'both',
): EditResult {
  const index = topology.links.findIndex((l) => l.id === linkId);
  const link = topology.links[index];
  if (!link) return { ok: false, error: `no link "${linkId}"` };
  let changed: TopologyLink;
  let pathPrefix: string;
  if (field.startsWith('address')) {
    const [name, side] = field.split('-') as ['address' | 'address6', 'a' | 'b'];
    const address = text.trim() || undefined;
    const { [name]: _old, ...end } = link[side];
    changed = { ...link, [side]: address === undefined ? end : { ...end, [name]: address } };
    pathPrefix = `links[${index}].${side}`;
  } else {
    const param = spec(field as LinkParamName);
    // As people type it (10M, 10 Mbit/s, 50ms, 5 %); a bare number is in the unit the field shows.
    const parsed = parseQuantity(param.quantity, param.name, text, 'document unit');
    if (!parsed.ok) return { ok: false, error: parsed.error };
    changed = withLinkParam(link, param.field, parsed.value, choice);
    pathPrefix = choice === 'both' ? `links[${index}].params` : `links[${index}].directions`;
  }
  const links = topology.links.map((l, i) => (i === index ? changed : l));
  return checked(topology, { ...topology, links }, pathPrefix);
}

export function renameNode(topology: Topology, nodeId: string, name: string): EditResult {
  const index = topology.nodes.findIndex((n) => n.id === nodeId);
  if (index < 0) return { ok: false, error: `no node "${nodeId}"` };
  const nodes = topology.nodes.map((n, i) => (i === index ? { ...n, name: name.trim() } : n));
  return checked(topology, { ...topology, nodes }, `nodes[${index}]`);
}

/** What a router's field is when its text is empty: the network's mode, the automatic AS number, a generated FRR. */
export type RouterField = 'routing' | 'asn' | 'frr';

/**
 * A router's own routing mode (static, none, ospf, bgp), BGP AS number or FRR configuration set, or
 * cleared by an empty text (the network's mode, an AS of its own, a configuration made for it).
 */
export function editRouter(topology: Topology, nodeId: string, field: RouterField, text: string): EditResult {
  const index = topology.nodes.findIndex((n) => n.id === nodeId);
  const node = topology.nodes[index];
  if (!node) return { ok: false, error: `no node "${nodeId}"` };
  const { [field]: _old, ...rest } = node;
  // FRR's configuration is kept as written; the others are single words or numbers.
  const value = field === 'frr' ? (text.trim() === '' ? '' : text) : text.trim();
  if (field === 'asn' && value !== '' && !/^\d+$/.test(value)) return { ok: false, error: 'must be a whole number' };
  const changed = value === '' ? rest : ({ ...rest, [field]: field === 'asn' ? Number(value) : value } as TopologyNode);
  return checked(
    topology,
    { ...topology, nodes: topology.nodes.map((n, i) => (i === index ? changed : n)) },
    `nodes[${index}]`,
  );
}

/** The network's routing mode (static, none, ospf or bgp): what its routers do unless they say otherwise. */
export function setNetworkRouting(topology: Topology, mode: string): EditResult {
  return checked(topology, { ...topology, routing: mode as Topology['routing'] }, 'routing');
}

/** A template parameter of a node set (empty: the template's default); a required one cannot be emptied. */
export function editNodeParam(topology: Topology, nodeId: string, param: string, text: string): EditResult {
  const index = topology.nodes.findIndex((n) => n.id === nodeId);
  const node = topology.nodes[index];
  if (!node) return { ok: false, error: `no node "${nodeId}"` };
  const spec = node.template === undefined ? undefined : topology.templates?.[node.template]?.params?.[param];
  const value = text.trim();
  if (spec?.required && value === '') return { ok: false, error: `required: ${spec.description}` };
  const params = value === '' ? without(node.params, param) : { ...node.params, [param]: value };
  const { params: _old, ...rest } = node;
  const nodes = topology.nodes.map((n, i) => (i === index ? { ...rest, ...(params && { params }) } : n));
  return checked(topology, { ...topology, nodes }, `nodes[${index}].params`);
}

/**
 * Text shown in a link parameter's field, in human units (10 Mbit/s): the
 * value of that direction, or for both directions the common value ('' when
 * they differ: the field's placeholder then says each).
 */
export function linkFieldText(link: TopologyLink, name: LinkParamName, choice: DirectionChoice): string {
  const { field, quantity } = spec(name);
  const [there, back] = DIRECTIONS.map((dir) => directionParams(link, dir)[field]) as [number, number];
  if (choice !== 'both') return readableQuantity(quantity, choice === 'a>b' ? there : back);
  return there === back ? readableQuantity(quantity, there) : '';
}

/**
 * Commits a properties edit as one undo step: the document checked as it
 * was typed when nothing changed since, else the edit made again (and
 * checked) on the current document; nothing when that is invalid.
 */
export const editProperties: Action<{ edit: Edit; checked: EditResult }> = {
  name: 'editProperties',
  label: 'Edit properties',
  perform(state, { edit, checked: typed }) {
    const result = typed.ok && typed.base === state.topology ? typed : edit(state.topology);
    if (!result.ok || result.topology === state.topology) return null;
    return commitTopology(state, result.topology);
  },
};
