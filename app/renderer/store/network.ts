/**
 * The network slice: the connection to the server (web mode), the privileged
 * helper's lifecycle and version, the running network's state, backend,
 * hosts, faults and processes, and the document the running network holds
 * (as this view last knew it), against which live edits are computed.
 */
import {
  NO_FAULTS,
  type ApplyResult,
  type BackendName,
  type FaultState,
  type HelperVersion,
  type HostStatus,
  type NetworkState,
  type NetworkStatus,
  type PatchResult,
  type ProcessInfo,
  type RunningDocument,
} from '../../../common/protocol/helper.js';
import type { HelperState } from '../../common/api.js';
import type { SliceCreator } from './slice.js';

/** The network as this view sees it: the helper's state, or 'disconnected' while the server cannot be reached. */
export type ViewNetworkState = NetworkState | 'disconnected';

export interface NetworkSlice {
  /** Why the server cannot be reached (web mode), in words; undefined while connected. */
  connectionLost: string | undefined;
  /** The privileged helper's lifecycle (it may fail to start, or exit). */
  helperState: HelperState;
  helperVersion: HelperVersion | undefined;
  networkState: ViewNetworkState;
  /** Backend of the running network. */
  backend: BackendName | undefined;
  /** Why the backend was chosen or why starting failed. */
  networkReason: string | undefined;
  /** Namespaces and interfaces of the running network's hosts. */
  networkHosts: NetworkStatus['hosts'];
  /** Partitions and crashed nodes in force (a cut link is in the document instead). */
  faults: FaultState;
  /**
   * The running document and its revision as last applied or fetched; undefined when not running, and
   * while this view has not attached to a network it found running (edits wait until it has).
   */
  running: RunningDocument | undefined;
  /** What the last apply could not build as drawn, in the helper's words. */
  warnings: readonly string[];
  processes: readonly ProcessInfo[];
}

export interface NetworkActions {
  /** The server went away: nothing about the network is known until it is back (statusArrived then). */
  disconnected(message: string): void;
  /** The server is reachable again. */
  reconnected(): void;
  /** This view now holds `running` as the running document (after network.get). */
  attached(running: RunningDocument): void;
  helperChanged(helperState: HelperState): void;
  helperIdentified(helperVersion: HelperVersion): void;
  /** Start or Stop was pressed: 'starting' or 'stopping' until the helper answers. */
  networkTransition(state: 'starting' | 'stopping'): void;
  /** A whole status (network.status, network.state, a stop); leaving 'running' forgets counters and the running document. */
  statusArrived(status: NetworkStatus): void;
  /** The answer to network.apply of `topology` (its status goes to statusArrived). */
  applied(topology: RunningDocument['topology'], result: ApplyResult): void;
  /** The answer to network.patch that took the running document to `topology`. */
  patched(topology: RunningDocument['topology'], result: PatchResult): void;
  faultsChanged(faults: FaultState): void;
  processesListed(processes: readonly ProcessInfo[]): void;
  dismissWarnings(): void;
}

export const createNetworkSlice: SliceCreator<NetworkSlice & NetworkActions> = (set, get) => ({
  connectionLost: undefined,
  helperState: { state: 'idle' },
  helperVersion: undefined,
  networkState: 'stopped',
  backend: undefined,
  networkReason: undefined,
  networkHosts: {},
  faults: NO_FAULTS,
  running: undefined,
  warnings: [],
  processes: [],
  disconnected(message) {
    set({ connectionLost: message, networkState: 'disconnected', running: undefined, networkHosts: {} });
    get().clearCounters();
  },
  reconnected: () => set({ connectionLost: undefined }),
  attached: (running) => set({ running }),
  helperChanged: (helperState) => set({ helperState }),
  helperIdentified: (helperVersion) => set({ helperVersion }),
  networkTransition: (networkState) => set({ networkState, ...(networkState === 'starting' && { error: undefined }) }),
  statusArrived(status) {
    const running = status.state === 'running';
    set({
      networkState: status.state,
      backend: status.backend,
      networkReason: status.reason,
      networkHosts: status.hosts,
      faults: status.faults,
      running: running ? get().running : undefined,
      // What the last apply could not build is past once the network is not running.
      ...(!running && { warnings: [] }),
    });
    if (!running) get().clearCounters();
  },
  applied(topology, { status, warnings }) {
    set({ warnings, running: { topology, revision: status.revision } });
  },
  patched(topology, { revision, hosts, warnings }) {
    const merged = { ...get().networkHosts, ...hosts };
    const networkHosts = Object.fromEntries(
      Object.entries(merged).filter((entry): entry is [string, HostStatus] => entry[1] !== null),
    );
    set({ warnings, networkHosts, running: { topology, revision } });
  },
  faultsChanged: (faults) => set({ faults }),
  processesListed: (processes) => set({ processes }),
  dismissWarnings: () => set({ warnings: [] }),
});
