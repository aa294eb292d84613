/**
 * A view that finds the network running without holding its document (after
 * a reload, in a second tab or window, once reconnected) attaches to it
 * before it sends any edit: it shows the document the network was built
 * from, or keeps its own drawing where that is the same network, or, where
 * it holds a different one (an unsaved drawing restored by crash recovery,
 * another file), says so and lets the user adopt either.
 */
import type { OpenedDocument } from '../../common/api.js';
import { topologySchema, type Topology } from '../../../common/topology/index.js';
import type { State } from '../store/index.js';

/** The drawing a view holds: the open document, else the unsaved one the start screen offers. */
export interface HeldDrawing {
  doc: OpenedDocument;
  /** It is the recovered draft, not yet open. */
  draft: boolean;
}

export type Attachment =
  /** Nothing held: show the running document. */
  | { kind: 'show' }
  /** The held drawing is the running network (positions aside): keep it. */
  | { kind: 'keep'; held: HeldDrawing }
  /** The held drawing is another network: the user chooses. */
  | { kind: 'ask'; held: HeldDrawing };

/** An empty drawing never touched holds nothing. */
export function heldDrawing({ documentOpen, topology, path, dirty, draft }: State): HeldDrawing | undefined {
  if (documentOpen && (dirty || topology.nodes.length > 0))
    return { doc: { topology, ...(path && { path }) }, draft: false };
  return draft && { doc: draft, draft: true };
}

/**
 * A document as the helper holds it (defaults filled in), without positions, keys in one order:
 * two copies of one network read the same however each was made (a file, a draft, network.get).
 */
function canonical(topology: Topology): string {
  const parsed = topologySchema.safeParse(topology);
  const value = parsed.success ? parsed.data : topology;
  return JSON.stringify(value, (key, field: unknown) => {
    if (key === 'position') return undefined;
    if (!field || typeof field !== 'object' || Array.isArray(field)) return field;
    return Object.fromEntries(Object.entries(field).sort(([a], [b]) => a.localeCompare(b)));
  });
}

/** True when two documents are one network, positions aside. */
export const sameNetwork = (a: Topology, b: Topology) => a === b || canonical(a) === canonical(b);

export function attachment(state: State, running: Topology): Attachment {
  const held = heldDrawing(state);
  if (!held) return { kind: 'show' };
  return sameNetwork(running, held.doc.topology) ? { kind: 'keep', held } : { kind: 'ask', held };
}
