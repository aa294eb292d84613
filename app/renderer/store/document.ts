/**
 * The document slice: the open topology, its file, its undo history, the
 * clipboard and the canvas's fit requests. Every change of the document
 * goes through `perform` with a pure action (actions/), or through `open`
 * when a whole document replaces it.
 */
import { lockViolations } from '../../../common/lab/locks.js';
import type { Topology } from '../../../common/topology/index.js';
import type { Action } from '../actions/action.js';
import { labOpenedPatch } from './lab.js';
import type { SliceCreator } from './slice.js';
import { emptyTopology, fitPatch, type Clipboard, type FitRequest } from './state.js';

export interface DocumentSlice {
  topology: Topology;
  /** Where the document was opened from or saved to; undefined until saved. */
  path: string | undefined;
  /** Unsaved edits exist. */
  dirty: boolean;
  /** False while the start screen is shown. */
  documentOpen: boolean;
  past: readonly Topology[];
  future: readonly Topology[];
  clipboard: Clipboard | undefined;
  /** Asks the canvas to fit the view: the whole network, (after open and layout) a readable part of a big one, or one node. */
  fitRequest: FitRequest;
}

export interface DocumentActions {
  /** Runs a pure action against the current state and applies its patch; false when it did not apply. */
  perform<Arg>(action: Action<Arg>, arg: Arg): boolean;
  /** Replaces the document (already checked): no history, nothing selected, the view fitted. */
  open(doc: { topology: Topology; path?: string }, dirty: boolean): void;
  /** The document as it was written to `path`; edits made while saving stay unsaved. */
  saved(path: string, topology: Topology): void;
  /** Shows the start screen over the document (false), or the drawing again (true). */
  showDrawing(open: boolean): void;
  requestFit(whole: boolean, node?: string): void;
}

/**
 * Why the lab forbids this edit of its nodes and links (lockViolations() in words), or undefined.
 * The lab itself stays editable here: the author changes it; the helper refuses that while it runs.
 */
function lockRefusal(before: Topology, after: Topology): string | undefined {
  const problems = lockViolations(before, { ...after, lab: before.lab });
  return problems.length ? `${problems.join('; ')}.` : undefined;
}

export const createDocumentSlice: SliceCreator<DocumentSlice & DocumentActions> = (set, get) => ({
  topology: emptyTopology(),
  path: undefined,
  dirty: false,
  documentOpen: false,
  past: [],
  future: [],
  clipboard: undefined,
  fitRequest: { seq: 0, whole: false },
  perform(action, arg) {
    const patch = action.perform(get(), arg);
    const refused = patch?.topology && lockRefusal(get().topology, patch.topology);
    if (refused) set({ error: refused });
    else if (patch) set(patch);
    return !!patch && !refused;
  },
  open({ topology, path }, dirty) {
    set({
      topology,
      path,
      dirty,
      documentOpen: true,
      past: [],
      future: [],
      selectedNodes: [],
      selectedLinks: [],
      error: undefined,
      ...labOpenedPatch(topology),
      ...fitPatch(get(), false),
    });
  },
  saved(path, topology) {
    set({ path, dirty: get().dirty && get().topology !== topology });
  },
  showDrawing: (documentOpen) => set({ documentOpen }),
  requestFit: (whole, node) => set(fitPatch(get(), whole, node)),
});
