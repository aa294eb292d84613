/**
 * Actions in Excalidraw's manner: a named, pure command that turns the
 * current state (and an optional argument) into a patch, or null when it
 * does not apply. Key bindings live beside the command they trigger.
 */
import type { Topology } from '../../../common/topology/index.js';
import { keyText, type KeyBinding } from '../../common/menu.js';
import type { Patch, State } from '../store/state.js';

export type { KeyBinding };

export interface Action<Arg = void> {
  name: string;
  label: string;
  keys?: readonly KeyBinding[];
  perform(state: State, arg: Arg): Patch | null;
}

/** Most undo steps kept. */
export const HISTORY_LIMIT = 200;

/** Patch replacing the document with an undoable step. */
export function commitTopology(state: State, topology: Topology, extra: Patch = {}): Patch {
  return {
    topology,
    past: [...state.past, state.topology].slice(-HISTORY_LIMIT),
    future: [],
    dirty: true,
    ...extra,
  };
}

export function matchesKey(
  binding: KeyBinding,
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey'>,
) {
  const mod = event.ctrlKey || event.metaKey;
  return (
    event.key.toLowerCase() === binding.key.toLowerCase() &&
    mod === Boolean(binding.mod) &&
    event.shiftKey === Boolean(binding.shift)
  );
}

export function describeKeys(keys: readonly KeyBinding[] | undefined): string {
  const first = keys?.[0];
  return first ? keyText(first, 'Ctrl') : '';
}
