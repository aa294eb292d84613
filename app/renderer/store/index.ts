/**
 * The one store: every slice of store/state.ts in a single zustand store.
 * Components read it through one selector per field (selectors below or
 * inline `useStore((s) => s.field)`), never the whole state, so an update
 * re-renders only the components whose field changed.
 */
import { create } from 'zustand';
import type { Action } from '../actions/action.js';
import { initialState, type State } from './state.js';

export const useStore = create<State>()(() => initialState());

/** Runs an action against the current state and applies its patch. */
export function dispatch<Arg>(action: Action<Arg>, arg: Arg): boolean {
  const patch = action.perform(useStore.getState(), arg);
  if (patch) useStore.setState(patch);
  return patch !== null;
}

export const getState = useStore.getState;
export const setState = useStore.setState;

export type { State };
