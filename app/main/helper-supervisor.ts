/**
 * Owns the privileged helper process for the main process: starts it on the
 * first call, forwards requests and notifications, reports its state in
 * plain words. Once the helper fails or exits it stays down until the user
 * asks for a restart: nothing is restarted behind their back.
 */
import type { AppNotificationName, AppNotifications, HelperState } from '../common/api.js';
import type {
  HelperVersion,
  Method,
  NotificationName,
  Notifications,
  Params,
  Results,
} from '../../common/protocol/helper.js';

/** What the supervisor needs of a running helper (helper/client.ts, adapted in helper-launch.ts). */
export interface HelperConnection {
  call<M extends Method>(method: M, params: Params<M>): Promise<Results[M]>;
  onNotification(listener: <N extends NotificationName>(name: N, payload: Notifications[N]) => void): void;
  /** Called once when the process ends, with a plain-language reason. */
  onExit(listener: (reason: string) => void): void;
  close(): Promise<void>;
}

export type HelperLauncher = () => Promise<HelperConnection>;

type Listener = <N extends AppNotificationName>(name: N, payload: AppNotifications[N]) => void;

function describeBackend(version: HelperVersion): string {
  const kmod = version.backends.kmod;
  if (version.preferred === 'kmod') return 'Using the vnet kernel module.';
  const why = kmod.available ? '' : ` The vnet module is not available: ${kmod.reason ?? 'no reason given'}.`;
  return `Using the stock-kernel fallback (netns backend).${why}`;
}

export class HelperSupervisor {
  private connection: HelperConnection | undefined;
  private starting: Promise<HelperConnection> | undefined;
  private current: HelperState = { state: 'idle' };
  private readonly listeners = new Set<Listener>();

  constructor(private readonly launch: HelperLauncher) {}

  get state(): HelperState {
    return this.current;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async call<M extends Method>(method: M, params: Params<M>): Promise<Results[M]> {
    const connection = await this.ready();
    return connection.call(method, params);
  }

  /** The user asked for it: drop whatever is left of the old helper and start a new one. */
  async restart(): Promise<HelperVersion> {
    const old = this.connection;
    this.connection = undefined;
    this.starting = undefined;
    await old?.close();
    this.current = { state: 'idle' };
    return this.call('helper.version', {});
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close();
  }

  private ready(): Promise<HelperConnection> {
    if (this.connection) return Promise.resolve(this.connection);
    if (this.current.state === 'failed' || this.current.state === 'exited') {
      return Promise.reject(new Error(`${this.current.message} Restart the helper to try again.`));
    }
    this.starting ??= this.start();
    return this.starting;
  }

  private async start(): Promise<HelperConnection> {
    this.setState({ state: 'starting' });
    let connection: HelperConnection;
    let version: HelperVersion;
    try {
      connection = await this.launch();
      version = await connection.call('helper.version', {});
    } catch (error) {
      this.starting = undefined;
      const message = `The vnet helper could not start: ${(error as Error).message}. You can still draw and save.`;
      this.setState({ state: 'failed', message });
      throw new Error(message, { cause: error });
    }
    connection.onNotification((name, payload) => this.emit(name, payload as AppNotifications[typeof name]));
    connection.onExit((reason) => {
      if (this.connection !== connection) return;
      this.connection = undefined;
      this.starting = undefined;
      this.setState({ state: 'exited', message: `The helper stopped: ${reason}. Its network is gone.` });
    });
    this.connection = connection;
    this.setState({ state: 'ready', message: describeBackend(version) });
    return connection;
  }

  private setState(state: HelperState): void {
    this.current = state;
    this.emit('helper.state', state);
  }

  private emit<N extends AppNotificationName>(name: N, payload: AppNotifications[N]): void {
    for (const listener of this.listeners) listener(name, payload);
  }
}
