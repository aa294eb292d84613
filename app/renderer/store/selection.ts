/** The selection slice: which nodes and links are selected (ids, in selection order), and what the canvas shows of them. */
import type { SliceCreator } from './slice.js';
import type { Patch } from './state.js';

export interface SelectionSlice {
  selectedNodes: readonly string[];
  selectedLinks: readonly string[];
  /** Interface names and addresses at each end of every link (the canvas at reading zoom). */
  showInterfaces: boolean;
}

export interface SelectionActions {
  select(nodes: readonly string[], links: readonly string[]): void;
  toggleInterfaces(): void;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Patch selecting these, or null when they are already the selection (no re-render). */
export function selectionPatch(
  state: SelectionSlice,
  nodes: readonly string[],
  links: readonly string[],
): Patch | null {
  if (same(state.selectedNodes, nodes) && same(state.selectedLinks, links)) return null;
  return { selectedNodes: nodes, selectedLinks: links };
}

export const createSelectionSlice: SliceCreator<SelectionSlice & SelectionActions> = (set, get) => ({
  selectedNodes: [],
  selectedLinks: [],
  showInterfaces: false,
  toggleInterfaces: () => set({ showInterfaces: !get().showInterfaces }),
  select(nodes, links) {
    const patch = selectionPatch(get(), nodes, links);
    if (patch) set(patch);
  },
});
