/**
 * The helper's wire protocol: line-delimited JSON-RPC 2.0 over stdin/stdout.
 * Request params are zod schemas because the helper validates every request;
 * results and notifications are types because only our own code sends them.
 */
import { z } from 'zod';
import { topologySchema } from '../topology/schema.js';

export const BACKENDS = ['kmod', 'netns'] as const;
export type BackendName = (typeof BACKENDS)[number];

export const LINK_PARAM_NAMES = ['delay', 'jitter', 'loss', 'duplicate', 'rate'] as const;
export type LinkParamName = (typeof LINK_PARAM_NAMES)[number];

const hostId = z.string().min(1);
const pid = z.number().int().positive();

export const requestParams = {
  /** Version, chosen backend and what each backend can do on this machine. */
  'helper.version': z.strictObject({}),
  /** Builds the topology (start) or brings the running network in step with it (when running). */
  'network.apply': z.strictObject({ topology: topologySchema, backend: z.enum(BACKENDS).optional() }),
  'network.stop': z.strictObject({}),
  'network.status': z.strictObject({}),
  'process.exec': z.strictObject({
    host: hostId,
    argv: z.array(z.string()).min(1),
    cwd: z.string().optional(),
    env: z.record(z.string(), z.string()).optional(),
    pty: z
      .strictObject({ cols: z.number().int().min(1).max(1000), rows: z.number().int().min(1).max(1000) })
      .optional(),
  }),
  /** Data is base64 so any bytes pass through JSON; eof closes the process's stdin (pipes) after the data. */
  'process.write': z.strictObject({ pid, data: z.base64(), eof: z.boolean().optional() }),
  'process.resize': z.strictObject({
    pid,
    cols: z.number().int().min(1).max(1000),
    rows: z.number().int().min(1).max(1000),
  }),
  'process.signal': z.strictObject({
    pid,
    signal: z.enum(['SIGINT', 'SIGTERM', 'SIGKILL', 'SIGHUP', 'SIGQUIT', 'SIGSTOP', 'SIGCONT']),
  }),
  'process.list': z.strictObject({ host: hostId.optional() }),
  /** Starts (or re-rates) the counter stream; hz 0 stops it. */
  'stats.subscribe': z.strictObject({ hz: z.number().min(0).max(50).default(10) }),
} as const;

export type Method = keyof typeof requestParams;
export type Params<M extends Method> = z.input<(typeof requestParams)[M]>;

export type NetworkState = 'stopped' | 'starting' | 'running' | 'stopping' | 'failed';

export interface BackendSupport {
  available: boolean;
  /** Why it is not available, or which parameters it cannot emulate. */
  reason?: string;
  params: Record<LinkParamName, boolean>;
}

export interface HelperVersion {
  version: string;
  /** Module ABI version when the kmod backend is loaded. */
  abi?: number;
  backends: Record<BackendName, BackendSupport>;
  /** The backend used by the next start when none is asked for. */
  preferred: BackendName;
}

export interface InterfaceStatus {
  name: string;
  linkId: string;
  address?: string;
  mac?: string;
}

export interface NetworkStatus {
  state: NetworkState;
  backend?: BackendName;
  /** Why the backend was chosen, or why starting failed. */
  reason?: string;
  hosts: Record<string, { namespace: string; interfaces: InterfaceStatus[] }>;
}

export interface ApplyResult {
  status: NetworkStatus;
  /** What changed, by node and link id. */
  added: string[];
  removed: string[];
  changed: string[];
  /** What was applied only in part, e.g. a link delay this backend cannot emulate here. */
  warnings: string[];
}

export interface ProcessInfo {
  pid: number;
  host: string;
  argv: string[];
  pty: boolean;
  startedAt: number;
}

export interface Counters {
  rxPackets: number;
  txPackets: number;
  rxBytes: number;
  txBytes: number;
  drops: number;
}

export interface CounterSample extends Counters {
  /** Per-second rates over the last interval: packets (Pps) and bytes (Bps). */
  rxPps: number;
  txPps: number;
  rxBps: number;
  txBps: number;
}

/** A CounterSample on the wire: its numbers in COUNTER_FIELDS order, no names repeated 2,000 times a tick. */
export type CounterTuple = [
  rxPackets: number,
  txPackets: number,
  rxBytes: number,
  txBytes: number,
  drops: number,
  rxPps: number,
  txPps: number,
  rxBps: number,
  txBps: number,
];

export const COUNTER_FIELDS = [
  'rxPackets',
  'txPackets',
  'rxBytes',
  'txBytes',
  'drops',
  'rxPps',
  'txPps',
  'rxBps',
  'txBps',
] as const satisfies readonly (keyof CounterSample)[];

export interface Results {
  'helper.version': HelperVersion;
  'network.apply': ApplyResult;
  'network.stop': NetworkStatus;
  'network.status': NetworkStatus;
  'process.exec': ProcessInfo;
  'process.write': null;
  'process.resize': null;
  'process.signal': null;
  'process.list': ProcessInfo[];
  'stats.subscribe': null;
}

export interface Notifications {
  /** Output bytes as base64. */
  'process.output': { pid: number; stream: 'pty' | 'stdout' | 'stderr'; data: string };
  'process.exit': { pid: number; code: number | null; signal: string | null };
  'network.state': NetworkStatus;
  /**
   * Counters keyed by host id and by link id; time in ms since the epoch. A `full` one lists every
   * host and link (any other is gone): the first after a subscribe, the first after the network
   * changed, and one a second. The others list only the entries that changed since the previous
   * notification: the rest keep their last values (rates included, so a rate that falls to zero is sent).
   * common/protocol/stats.ts folds them into the whole picture.
   */
  stats: { time: number; full: boolean; hosts: Record<string, CounterTuple>; links: Record<string, CounterTuple> };
}

export type NotificationName = keyof Notifications;

/** JSON-RPC error codes the helper uses (standard ones, then ours from -32000). */
export const RPC_ERRORS = {
  parse: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
  notRunning: -32001,
  noSuchHost: -32002,
  noSuchProcess: -32003,
  backendUnavailable: -32004,
} as const;
