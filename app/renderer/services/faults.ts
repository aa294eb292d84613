/**
 * Faults of the running network that the document does not hold: crashed
 * nodes and partitions, through the helper's node.crash/restart and
 * network.partition/heal. Each answer is the faults now in force; other
 * views hear of them through the network.faults notification.
 */
import { STACK_KINDS } from '../../../common/topology/index.js';
import type { FaultState } from '../../../common/protocol/helper.js';
import { getState, type State } from '../store/index.js';
import { api } from './api.js';
import { reportError } from './files.js';

async function changeFaults(change: () => Promise<FaultState>): Promise<void> {
  try {
    getState().faultsChanged(await change());
  } catch (error) {
    reportError(error);
  }
}

export const crashNode = (node: string) => changeFaults(() => api().node.crash({ node }));
export const restartNode = (node: string) => changeFaults(() => api().node.restart({ node }));
export const healAll = () => changeFaults(() => api().network.heal({}));

/** The selected hosts and routers, and every other one: the two sides of "Partition from the rest". */
export function partitionGroups(state: Pick<State, 'selectedNodes' | 'topology'>): [string[], string[]] {
  const chosen = new Set(state.selectedNodes);
  const stacks = state.topology.nodes.filter((n) => STACK_KINDS.includes(n.kind)).map((n) => n.id);
  return [stacks.filter((id) => chosen.has(id)), stacks.filter((id) => !chosen.has(id))];
}

export const partitionSelection = () =>
  changeFaults(() => api().network.partition({ groups: partitionGroups(getState()) }));
