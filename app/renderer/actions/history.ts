/** Undo and redo over whole-document snapshots (immutable, so snapshots share structure). */
import { MENU_ENTRIES } from '../../common/menu.js';
import type { Action } from './action.js';

export const undo: Action = {
  name: 'undo',
  ...MENU_ENTRIES.undo,
  perform(state) {
    const previous = state.past.at(-1);
    if (!previous) return null;
    return {
      topology: previous,
      past: state.past.slice(0, -1),
      future: [state.topology, ...state.future],
      dirty: true,
    };
  },
};

export const redo: Action = {
  name: 'redo',
  ...MENU_ENTRIES.redo,
  perform(state) {
    const [next, ...rest] = state.future;
    if (!next) return null;
    return { topology: next, past: [...state.past, state.topology], future: rest, dirty: true };
  },
};
