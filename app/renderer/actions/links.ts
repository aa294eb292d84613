/** A link's cable: taken down (`up: false`, carrier off at both ends) or brought up again (`up` left out). */
import { isLinkUp, withState } from '../../../common/topology/index.js';
import type { State } from '../store/state.js';
import { commitTopology, type Action } from './action.js';

/** Selected links that are not yet in that state. */
function toChange(state: Pick<State, 'selectedLinks' | 'topology'>, up: boolean): Set<string> {
  const chosen = new Set(state.selectedLinks);
  return new Set(state.topology.links.filter((l) => chosen.has(l.id) && isLinkUp(l) !== up).map((l) => l.id));
}

/** Sets the selected links' state, as one undo step; null when none would change. */
function settingLinks(up: boolean, name: string, label: string): Action & { applies(state: State): boolean } {
  return {
    name,
    label,
    applies: (state) => toChange(state, up).size > 0,
    perform(state) {
      const changing = toChange(state, up);
      if (!changing.size) return null;
      const links = state.topology.links.map((l) => (changing.has(l.id) ? withState(l, up) : l));
      return commitTopology(state, { ...state.topology, links });
    },
  };
}

export const takeLinksDown = settingLinks(false, 'takeLinksDown', 'Take down');
export const bringLinksUp = settingLinks(true, 'bringLinksUp', 'Bring up');
