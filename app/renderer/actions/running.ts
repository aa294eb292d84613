/** The document that another view made the running one, taken in. */
import type { RunningDocument } from '../../../common/protocol/helper.js';
import { commitTopology, type Action } from './action.js';

/**
 * Shows the running network's document (fetched after another view changed
 * it) as an undo step: Undo brings this view's drawing back, and with it a
 * patch against the new revision.
 */
export const adoptRunning: Action<RunningDocument> = {
  name: 'adoptRunning',
  label: 'Follow the running network',
  perform: (state, running) =>
    running.topology === state.topology ? { running } : commitTopology(state, running.topology, { running }),
};
