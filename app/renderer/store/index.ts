/**
 * The one store: every slice of store/*.ts combined (zustand's slices
 * pattern). Components read it through one selector per field
 * (`useStore((s) => s.field)`), never the whole state, so an update
 * re-renders only the components whose field changed; they change it only
 * through the slices' actions (`getState().select(...)`), never by setting
 * fields themselves.
 */
import { create } from 'zustand';
import { createCaptureSlice } from './capture.js';
import { createCountersSlice } from './counters.js';
import { createDocumentSlice } from './document.js';
import { createFilesSlice } from './files.js';
import { createLabSlice } from './lab.js';
import { createNetworkSlice } from './network.js';
import { createRoutingSlice } from './routing.js';
import { createScenarioSlice } from './scenario.js';
import { createSelectionSlice } from './selection.js';
import type { Store } from './state.js';
import { createTerminalsSlice } from './terminals.js';

export const useStore = create<Store>()((...a) => ({
  ...createDocumentSlice(...a),
  ...createSelectionSlice(...a),
  ...createNetworkSlice(...a),
  ...createCountersSlice(...a),
  ...createTerminalsSlice(...a),
  ...createFilesSlice(...a),
  ...createLabSlice(...a),
  ...createScenarioSlice(...a),
  ...createCaptureSlice(...a),
  ...createRoutingSlice(...a),
}));

export const getState = useStore.getState;

export type { State, Store } from './state.js';

/** The state a new designer starts with (actions included): a base for actions composed in tests. */
export const initialState = (): Store => useStore.getInitialState();
