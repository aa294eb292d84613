/**
 * A conversation with the background helper in the command line's words:
 * every call goes through call(), which turns the helper's JSON-RPC errors
 * into messages about what the user asked for, so no RPC string, code or
 * stack reaches the terminal.
 */
import { RPC_ERRORS, type Method, type Params, type Results } from '../common/protocol/helper.js';
import { HelperError, type HelperClient } from '../helper/client.js';
import { CliError, connect, socketPath } from './daemon.js';

/** What each method does, for "the helper could not ..." messages. */
const DOING: Record<Method, string> = {
  'helper.version': 'say its version',
  'network.apply': 'apply the document',
  'network.patch': 'change the running network',
  'network.get': 'send the running document',
  'network.stop': 'stop the network',
  'network.status': 'report the status',
  'network.partition': 'partition the network',
  'network.heal': 'heal the network',
  'network.reseed': "seed the links' loss",
  'node.crash': 'crash the node',
  'node.restart': 'restart the node',
  'process.exec': 'start the command',
  'process.write': 'pass input to the command',
  'process.resize': 'resize the terminal',
  'process.signal': 'signal the process',
  'process.list': 'list processes',
  'stats.subscribe': 'stream counters',
  'checks.run': 'run the checks',
};

/** The helper's message without the "method: " prefix it gives unexpected failures. */
function plain(message: string, method: Method): string {
  return message.startsWith(`${method}: `) ? message.slice(method.length + 2) : message;
}

/** The message a user reads for a helper error; `log` is where the helper's own messages are. */
export function explain(error: unknown, method: Method, log = `${socketPath()}.log`): Error {
  if (!(error instanceof HelperError)) return new CliError(`lost the helper: ${(error as Error).message}`);
  const doing = DOING[method];
  switch (error.code) {
    case RPC_ERRORS.notRunning:
      return new CliError('no network is running: start one with vnet up FILE');
    case RPC_ERRORS.methodNotFound:
      return new CliError(
        `the running helper cannot ${doing}: it is older than this command line (restart the network)`,
      );
    case RPC_ERRORS.staleRevision:
      return new CliError('the network kept changing under this command (another view is editing it): try again');
    case RPC_ERRORS.invalidParams:
    case RPC_ERRORS.noSuchHost:
    case RPC_ERRORS.noSuchProcess:
    case RPC_ERRORS.backendUnavailable:
    case RPC_ERRORS.locked:
      return new CliError(`the helper refused to ${doing}: ${plain(error.message, method)}`);
    default:
      return new CliError(
        `the helper could not ${doing}: ${plain(error.message, method)}${log ? ` (its log: ${log})` : ''}`,
      );
  }
}

export function isStale(error: unknown): boolean {
  return error instanceof HelperError && error.code === RPC_ERRORS.staleRevision;
}

export class Session {
  /**
   * Over any helper: the background one (open()) or one started for a single job (vnet grade),
   * whose messages go to this terminal (no `log` to name).
   */
  constructor(
    readonly client: HelperClient,
    private readonly log?: string,
  ) {}

  static async open(): Promise<Session> {
    return new Session(await connect(socketPath()), `${socketPath()}.log`);
  }

  /** A call whose failure is already said in the user's words. */
  async call<M extends Method>(method: M, params: Params<M>): Promise<Results[M]> {
    try {
      return await this.client.call(method, params);
    } catch (error) {
      throw explain(error, method, this.log ?? '');
    }
  }

  /** A call whose HelperError the caller handles (a stale revision to retry). */
  raw<M extends Method>(method: M, params: Params<M>): Promise<Results[M]> {
    return this.client.call(method, params);
  }

  close(): void {
    this.client.close();
  }
}

/** Runs `use` with a session to the running network, closed afterwards. */
export async function withSession<T>(use: (session: Session) => Promise<T>): Promise<T> {
  const session = await Session.open();
  try {
    return await use(session);
  } finally {
    session.close();
  }
}
