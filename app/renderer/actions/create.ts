/** Adding nodes from the palette and links drawn between handles. */
import type { OfferedTemplate } from '../../../common/templates/catalog.js';
import type { NodeKind, Topology, TopologyLink, TopologyNode } from '../../../common/topology/index.js';
import { linkParamsSchema, NODE_KINDS } from '../../../common/topology/index.js';
import { nodeName } from '../lib/names.js';
import { commitTopology, type Action } from './action.js';
import { freshLinkId, freshName, freshNodeId, takenNodeWords } from './ids.js';

export interface Point {
  x: number;
  y: number;
}

/** What the palette offers: a node kind, or a host made from a template (the document's or an offered one). */
export type PaletteChoice = { kind: NodeKind; template?: undefined } | { kind: 'host'; template: OfferedTemplate };

/** The templates the palette shows: the document's, then the offered ones it does not carry. */
export function paletteTemplates(
  topology: Pick<Topology, 'templates'>,
  offered: readonly OfferedTemplate[],
): OfferedTemplate[] {
  const own = Object.entries(topology.templates ?? {}).map(([name, template]) => ({
    name,
    from: 'document' as const,
    template,
  }));
  return [...own, ...offered.filter((t) => !topology.templates?.[t.name])];
}

const TEMPLATE_DATA = 'template:';

/**
 * What a new node of a template says: its name, and its required parameters empty for the user to fill
 * in the properties panel (the document stays valid meanwhile; the field refuses to be emptied again).
 */
function templateUse({ name, template }: OfferedTemplate): Pick<TopologyNode, 'template' | 'params'> {
  const required = Object.entries(template.params ?? {}).filter(([, p]) => p.required);
  return { template: name, ...(required.length > 0 && { params: Object.fromEntries(required.map(([p]) => [p, ''])) }) };
}

/** How a choice travels in a drag from the palette to the canvas: its kind, or `template:<name>`. */
export function paletteData(choice: PaletteChoice): string {
  return choice.template ? `${TEMPLATE_DATA}${choice.template.name}` : choice.kind;
}

/** The choice a drag carried (paletteData's inverse), or undefined for anything else dropped. */
export function paletteChoice(
  state: { topology: Topology; templates: readonly OfferedTemplate[] },
  data: string,
): PaletteChoice | undefined {
  if (data.startsWith(TEMPLATE_DATA)) {
    const name = data.slice(TEMPLATE_DATA.length);
    const template = paletteTemplates(state.topology, state.templates).find((t) => t.name === name);
    return template && { kind: 'host', template };
  }
  return NODE_KINDS.includes(data as NodeKind) ? { kind: data as NodeKind } : undefined;
}

/** Adds a node; one made from a template copies the template into the document (so a shared file carries it). */
export const addNode: Action<PaletteChoice & { position: Point }> = {
  name: 'addNode',
  label: 'Add node',
  perform(state, { kind, template, position }) {
    const taken = takenNodeWords(state.topology);
    // Named after its template (web-server1), within the 24 characters an id may have.
    const id = template ? freshName(template.name.slice(0, 20), taken) : freshNodeId(kind, taken);
    const at = { x: Math.round(position.x), y: Math.round(position.y) };
    const node = { id, kind, name: id, position: at, ...(template && templateUse(template)) };
    const templates = template && { ...state.topology.templates, [template.name]: template.template };
    return commitTopology(
      state,
      { ...state.topology, nodes: [...state.topology.nodes, node], ...(templates && { templates }) },
      { selectedNodes: [id], selectedLinks: [] },
    );
  },
};

/** Default link parameters, as the schema fills them in. */
export const defaultLinkParams = () => linkParamsSchema.parse({});

export const connect: Action<{ a: string; b: string }> = {
  name: 'connect',
  label: 'Connect',
  perform(state, { a, b }) {
    const { nodes, links } = state.topology;
    if (a === b || !nodes.some((n) => n.id === a) || !nodes.some((n) => n.id === b)) return null;
    const joined = (l: TopologyLink) => (l.a.node === a && l.b.node === b) || (l.a.node === b && l.b.node === a);
    if (links.some(joined)) return { error: `${nodeName(nodes, a)} and ${nodeName(nodes, b)} are already linked` };
    const id = freshLinkId(a, b, new Set(links.map((l) => l.id)));
    const link: TopologyLink = { id, a: { node: a }, b: { node: b }, params: defaultLinkParams() };
    return commitTopology(
      state,
      { ...state.topology, links: [...links, link] },
      { selectedNodes: [], selectedLinks: [id] },
    );
  },
};
