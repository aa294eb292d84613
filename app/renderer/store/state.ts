/**
 * The designer's state, in slices. Each slice is a plain object type with
 * its initial value; store/index.ts combines them into one zustand store.
 * Actions (actions/) compute patches of this state without touching React.
 */
import type {
  BackendName,
  CounterSample,
  HelperVersion,
  NetworkState,
  NetworkStatus,
  ProcessInfo,
} from '../../../common/protocol/helper.js';
import type { HelperState, OpenedDocument, SampleInfo } from '../../common/api.js';
import {
  TOPOLOGY_VERSION,
  type Topology,
  type TopologyLink,
  type TopologyNode,
} from '../../../common/topology/index.js';

export interface DocumentSlice {
  topology: Topology;
  /** Where the document was opened from or saved to; undefined until saved. */
  path: string | undefined;
  /** Unsaved edits exist. */
  dirty: boolean;
  /** False while the start screen is shown. */
  documentOpen: boolean;
}

export interface SelectionSlice {
  selectedNodes: readonly string[];
  selectedLinks: readonly string[];
}

export interface HistorySlice {
  past: readonly Topology[];
  future: readonly Topology[];
}

export interface RuntimeSlice {
  /** The privileged helper's lifecycle (it may fail to start, or exit). */
  helperState: HelperState;
  networkState: NetworkState;
  /** Backend of the running network. */
  backend: BackendName | undefined;
  /** Why the backend was chosen or why starting failed. */
  networkReason: string | undefined;
  helperVersion: HelperVersion | undefined;
  /** Namespaces and interfaces of the running network's hosts. */
  networkHosts: NetworkStatus['hosts'];
  processes: readonly ProcessInfo[];
}

/** Latest per-second samples; an entry keeps its identity while its numbers do not change. */
export interface CountersSlice {
  hostCounters: Readonly<Record<string, CounterSample>>;
  linkCounters: Readonly<Record<string, CounterSample>>;
  /** History of plotted items, keyed by plot key (see plotKey). */
  series: Readonly<Record<string, Series>>;
}

export interface Series {
  rxPps: readonly number[];
  txPps: readonly number[];
}

export interface TerminalTab {
  pid: number;
  host: string;
  title: string;
  exited: boolean;
}

export interface TerminalsSlice {
  terminals: readonly TerminalTab[];
  activeTerminal: number | undefined;
}

export interface Clipboard {
  nodes: readonly TopologyNode[];
  links: readonly TopologyLink[];
}

export interface FitRequest {
  seq: number;
  whole: boolean;
}

export interface UiSlice {
  error: string | undefined;
  /** What the last apply could not build as drawn, in the helper's words. */
  warnings: readonly string[];
  clipboard: Clipboard | undefined;
  /** Plot keys shown in the stats panel. */
  plotted: readonly string[];
  /** Asks the canvas to fit the view: the whole network, or (after open and layout) a readable part of a big one. */
  fitRequest: FitRequest;
  recent: readonly string[];
  samples: readonly SampleInfo[];
  /** Unsaved edits found at start, offered on the start screen. */
  draft: OpenedDocument | undefined;
}

export type State = DocumentSlice &
  SelectionSlice &
  HistorySlice &
  RuntimeSlice &
  CountersSlice &
  TerminalsSlice &
  UiSlice;

export type Patch = Partial<State>;

export function emptyTopology(): Topology {
  return {
    version: TOPOLOGY_VERSION,
    name: 'untitled',
    nodes: [],
    links: [],
    addressPool: { ipv4: '10.0.0.0/16', subnetPrefix: 24 },
    routing: 'auto',
  };
}

export function initialState(): State {
  return {
    topology: emptyTopology(),
    path: undefined,
    dirty: false,
    documentOpen: false,
    selectedNodes: [],
    selectedLinks: [],
    past: [],
    future: [],
    helperState: { state: 'idle' },
    networkState: 'stopped',
    backend: undefined,
    networkReason: undefined,
    helperVersion: undefined,
    networkHosts: {},
    processes: [],
    hostCounters: {},
    linkCounters: {},
    series: {},
    terminals: [],
    activeTerminal: undefined,
    error: undefined,
    warnings: [],
    clipboard: undefined,
    plotted: [],
    fitRequest: { seq: 0, whole: false },
    recent: [],
    samples: [],
    draft: undefined,
  };
}

export const plotKey = (kind: 'host' | 'link', id: string) => `${kind}:${id}`;

/** The state after a patch (what the store's set() does), for actions composed in tests and commands. */
export const withPatch = (state: State, patch: Patch | null): State => (patch ? { ...state, ...patch } : state);

export function parsePlotKey(key: string): { kind: 'host' | 'link'; id: string } {
  const colon = key.indexOf(':');
  return { kind: key.slice(0, colon) === 'host' ? 'host' : 'link', id: key.slice(colon + 1) };
}

/** Patch asking the canvas to fit its view again. */
export const fitPatch = (state: Pick<State, 'fitRequest'>, whole: boolean): Patch => ({
  fitRequest: { seq: state.fitRequest.seq + 1, whole },
});
