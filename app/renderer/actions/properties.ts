/**
 * Edits from the properties panel. Each edit is checked against the shared
 * schema on the whole document before it is applied, so an invalid value
 * (bad CIDR, duplicate address, negative delay) is reported with the
 * schema's own message and never reaches the document or the helper.
 */
import { parseTopology, type LinkParams, type Topology, type TopologyProblem } from '../../../common/topology/index.js';
import { commitTopology, type Action } from './action.js';

export const LINK_PARAM_FIELDS = {
  delay: { param: 'delayMs', label: 'Delay', unit: 'ms' },
  jitter: { param: 'jitterMs', label: 'Jitter', unit: 'ms' },
  loss: { param: 'lossPercent', label: 'Loss', unit: '%' },
  duplicate: { param: 'duplicatePercent', label: 'Duplication', unit: '%' },
  rate: { param: 'rateBps', label: 'Rate (0 = unlimited)', unit: 'bit/s' },
  queue: { param: 'queuePackets', label: 'Queue', unit: 'packets' },
} as const satisfies Record<string, { param: keyof LinkParams; label: string; unit: string }>;

export type LinkParamField = keyof typeof LINK_PARAM_FIELDS;
export type LinkField = LinkParamField | 'address-a' | 'address-b';

export type EditResult = { ok: true; topology: Topology } | { ok: false; error: string };

const SI_SUFFIX = new Map([
  ['', 1],
  ['k', 1e3],
  ['m', 1e6],
  ['g', 1e9],
]);

/** A number as typed; rates accept k/M/G suffixes ("10M"). Unparseable text gives NaN so the schema names it. */
export function parseNumber(text: string, withSuffix: boolean): number {
  const match = /^\s*(-?\d+(?:\.\d+)?|-?\.\d+)\s*([kmg]?)\s*$/i.exec(text);
  const suffix = match?.[2]?.toLowerCase() ?? '';
  if (!match || (!withSuffix && suffix)) return Number.NaN;
  return Number(match[1]) * (SI_SUFFIX.get(suffix) ?? Number.NaN);
}

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
function relevantMessage(topology: Topology, problems: readonly TopologyProblem[], pathPrefix: string): string {
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

function checked(candidate: Topology, pathPrefix: string): EditResult {
  const result = parseTopology(candidate);
  // The candidate, not the parsed copy: unchanged nodes and links keep their identity, so the canvas redraws only the edit.
  return result.ok
    ? { ok: true, topology: candidate }
    : { ok: false, error: relevantMessage(candidate, result.problems, pathPrefix) };
}

export function editLink(topology: Topology, linkId: string, field: LinkField, text: string): EditResult {
  const index = topology.links.findIndex((l) => l.id === linkId);
  const link = topology.links[index];
  if (!link) return { ok: false, error: `no link "${linkId}"` };
  let changed;
  if (field === 'address-a' || field === 'address-b') {
    const side = field === 'address-a' ? 'a' : 'b';
    const address = text.trim() || undefined;
    const { address: _old, ...end } = link[side];
    changed = { ...link, [side]: address === undefined ? end : { ...end, address } };
  } else {
    const { param } = LINK_PARAM_FIELDS[field];
    changed = { ...link, params: { ...link.params, [param]: parseNumber(text, field === 'rate') } };
  }
  const links = topology.links.map((l, i) => (i === index ? changed : l));
  const pathPrefix = field.startsWith('address-') ? `links[${index}].${field.slice(-1)}` : `links[${index}].params`;
  return checked({ ...topology, links }, pathPrefix);
}

export function renameNode(topology: Topology, nodeId: string, name: string): EditResult {
  const index = topology.nodes.findIndex((n) => n.id === nodeId);
  if (index < 0) return { ok: false, error: `no node "${nodeId}"` };
  const nodes = topology.nodes.map((n, i) => (i === index ? { ...n, name: name.trim() } : n));
  return checked({ ...topology, nodes }, `nodes[${index}]`);
}

/** Text shown in a link field for the current document. */
export function linkFieldText(params: LinkParams, field: LinkParamField): string {
  return String(params[LINK_PARAM_FIELDS[field].param]);
}

/** Applies a document already checked by editLink or renameNode, as one undo step. */
export const applyEdit: Action<Topology> = {
  name: 'applyEdit',
  label: 'Edit properties',
  perform: (state, topology) => (topology === state.topology ? null : commitTopology(state, topology)),
};
