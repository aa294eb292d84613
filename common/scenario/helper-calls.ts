/**
 * The helper calls a scenario makes, as one small interface: the command
 * line's Session and the designer's api both give it, so both run
 * scenarios with the same code (run.ts) and only say things their own way.
 */
import type { Notifications, Params, Results } from '../protocol/helper.js';

/** The methods scenario steps call. */
export type ScenarioMethod =
  | 'network.get'
  | 'network.patch'
  | 'network.partition'
  | 'network.heal'
  | 'network.reseed'
  | 'node.crash'
  | 'node.restart'
  | 'process.exec'
  | 'process.write'
  | 'process.signal'
  | 'checks.run';

/** The notifications a command run in a host answers with. */
export type ProcessNotification = 'process.output' | 'process.exit';

export interface HelperCalls {
  /**
   * Calls one method. A refusal rejects with an Error whose message a user may read and, when the
   * helper refused (rather than the connection failing), the helper's RPC_ERRORS code as `code`.
   */
  call<M extends ScenarioMethod>(method: M, params: Params<M>): Promise<Results[M]>;
  /** Follows a notification until the returned function is called. */
  on<N extends ProcessNotification>(name: N, listener: (payload: Notifications[N]) => void): () => void;
  /** Calls `listener` with the reason once the helper is gone, until the returned function is called. */
  onLost(listener: (reason: string) => void): () => void;
}

/** The RPC_ERRORS code a call was refused with; undefined for any other failure. */
export function refusalCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}
