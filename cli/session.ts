/**
 * A conversation with the background helper in the command line's words:
 * every call goes through call(), which turns the helper's JSON-RPC errors
 * into messages about what the user asked for, so no RPC string, code or
 * stack reaches the terminal.
 */
import type { HelperCalls, ProcessNotification } from '../common/scenario/helper-calls.js';
import { RPC_ERRORS, type Method, type Notifications, type Params, type Results } from '../common/protocol/helper.js';
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
  'node.routes': "read the router's routes",
  'process.exec': 'start the command',
  'process.write': 'pass input to the command',
  'process.resize': 'resize the terminal',
  'process.signal': 'signal the process',
  'process.list': 'list processes',
  'stats.subscribe': 'stream counters',
  'checks.run': 'run the checks',
  'capture.start': 'start the capture',
  'capture.stop': 'stop the capture',
};

/** The helper's message without the "method: " prefix it gives unexpected failures. */
function plain(message: string, method: Method): string {
  return message.startsWith(`${method}: `) ? message.slice(method.length + 2) : message;
}

/** A refusal in the user's words that keeps the helper's RPC_ERRORS code (retries and scenarios read it). */
class Refused extends CliError {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

function refusalMessage(error: HelperError, method: Method, log: string): string {
  const doing = DOING[method];
  switch (error.code) {
    case RPC_ERRORS.notRunning:
      return 'no network is running: start one with vnet up FILE';
    case RPC_ERRORS.methodNotFound:
      return `the running helper cannot ${doing}: it is older than this command line (restart the network)`;
    case RPC_ERRORS.staleRevision:
      return 'the network kept changing under this command (another view is editing it): try again';
    case RPC_ERRORS.invalidParams:
    case RPC_ERRORS.noSuchHost:
    case RPC_ERRORS.noSuchProcess:
    case RPC_ERRORS.backendUnavailable:
    case RPC_ERRORS.locked:
      return `the helper refused to ${doing}: ${plain(error.message, method)}`;
    default:
      return `the helper could not ${doing}: ${plain(error.message, method)}${log ? ` (its log: ${log})` : ''}`;
  }
}

/** The message a user reads for a helper error; `log` is where the helper's own messages are. */
export function explain(error: unknown, method: Method, log = `${socketPath()}.log`): Error {
  if (!(error instanceof HelperError)) return new CliError(`lost the helper: ${(error as Error).message}`);
  return new Refused(refusalMessage(error, method, log), error.code);
}

/** The helper's calls in the command line's words; scenarios and fault commands run through them. */
export class Session implements HelperCalls {
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

  on<N extends ProcessNotification>(name: N, listener: (payload: Notifications[N]) => void): () => void {
    // The client types each event by its name; N is one of these two.
    const follow = listener as (payload: Notifications[ProcessNotification]) => void;
    this.client.on(name as ProcessNotification, follow);
    return () => this.client.off(name as ProcessNotification, follow);
  }

  onLost(listener: (reason: string) => void): () => void {
    this.client.on('close', listener);
    return () => this.client.off('close', listener);
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
