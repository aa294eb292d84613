/**
 * The designer's state, in slices. Each slice file (store/*.ts) holds its
 * state's type, its initial value and the actions that change it, as in
 * zustand's slices pattern; store/index.ts combines them into one store.
 * Pure document commands (actions/) compute patches of this state without
 * touching React; the document slice's `perform` applies them.
 */
import {
  addressPoolSchema,
  TOPOLOGY_VERSION,
  type Topology,
  type TopologyLink,
  type TopologyNode,
} from '../../../common/topology/index.js';
import type { CaptureActions, CaptureSlice } from './capture.js';
import type { CountersActions, CountersSlice } from './counters.js';
import type { DocumentActions, DocumentSlice } from './document.js';
import type { FilesActions, FilesSlice } from './files.js';
import type { LabActions, LabSlice } from './lab.js';
import type { NetworkActions, NetworkSlice } from './network.js';
import type { RoutingActions, RoutingSlice } from './routing.js';
import type { ScenarioActions, ScenarioSlice } from './scenario.js';
import type { SelectionActions, SelectionSlice } from './selection.js';
import type { TerminalsActions, TerminalsSlice } from './terminals.js';

export interface Clipboard {
  nodes: readonly TopologyNode[];
  links: readonly TopologyLink[];
}

export interface FitRequest {
  seq: number;
  whole: boolean;
  /** Zoom to this node instead (found by name). */
  node?: string;
}

/** Every slice's data: what actions read and what their patches change. */
export type State = DocumentSlice &
  SelectionSlice &
  NetworkSlice &
  CountersSlice &
  TerminalsSlice &
  FilesSlice &
  LabSlice &
  ScenarioSlice &
  CaptureSlice &
  RoutingSlice;
export type Actions = DocumentActions &
  SelectionActions &
  NetworkActions &
  CountersActions &
  TerminalsActions &
  FilesActions &
  LabActions &
  ScenarioActions &
  CaptureActions &
  RoutingActions;
export type Store = State & Actions;

export type Patch = Partial<State>;

export function emptyTopology(): Topology {
  return {
    version: TOPOLOGY_VERSION,
    name: 'untitled',
    nodes: [],
    links: [],
    addressPool: addressPoolSchema.parse({}),
    routing: 'static',
  };
}

export const plotKey = (kind: 'host' | 'link', id: string) => `${kind}:${id}`;

/** The state after a patch (what the store's set() does), for actions composed in tests and commands. */
export const withPatch = <S extends State>(state: S, patch: Patch | null): S =>
  patch ? { ...state, ...patch } : state;

export function parsePlotKey(key: string): { kind: 'host' | 'link'; id: string } {
  const colon = key.indexOf(':');
  return { kind: key.slice(0, colon) === 'host' ? 'host' : 'link', id: key.slice(colon + 1) };
}

/** Patch asking the canvas to fit its view again. */
export const fitPatch = (state: Pick<State, 'fitRequest'>, whole: boolean, node?: string): Patch => ({
  fitRequest: { seq: state.fitRequest.seq + 1, whole, ...(node !== undefined && { node }) },
});
