/**
 * The designer's API: everything the renderer may ask of the main process.
 * Electron exposes it through the preload (contextBridge, one function per
 * message); web mode implements the same interface over a WebSocket. The
 * renderer never knows which transport it has.
 */
import type { NotificationName, Notifications, Params, Results } from '../../common/protocol/helper.js';
import type { Topology } from '../../common/topology/schema.js';

export interface OpenedDocument {
  /** Absolute path, or undefined for a sample or a recovered draft. */
  path?: string;
  topology: Topology;
}

export interface SampleInfo {
  id: string;
  title: string;
  description: string;
}

/** Menu commands the main process forwards to the renderer. */
export type MenuCommand = 'new' | 'open' | 'save' | 'save-as' | 'export-image' | 'undo' | 'redo' | 'zoom-to-fit';

export interface VnetApi {
  /** 'electron' or 'web': the renderer may adapt, never branch its logic on it. */
  readonly transport: 'electron' | 'web';

  helper: {
    version(): Promise<Results['helper.version']>;
    apply(params: Params<'network.apply'>): Promise<Results['network.apply']>;
    stop(): Promise<Results['network.stop']>;
    status(): Promise<Results['network.status']>;
    exec(params: Params<'process.exec'>): Promise<Results['process.exec']>;
    write(params: Params<'process.write'>): Promise<null>;
    resize(params: Params<'process.resize'>): Promise<null>;
    signal(params: Params<'process.signal'>): Promise<null>;
    processes(params: Params<'process.list'>): Promise<Results['process.list']>;
    subscribeStats(params: Params<'stats.subscribe'>): Promise<null>;
  };

  files: {
    /** Reads and validates a document; refuses with the schema's message. */
    open(path: string): Promise<OpenedDocument>;
    /** Atomic save (temporary file, then rename); returns the absolute path. */
    save(path: string, topology: Topology): Promise<string>;
    recent(): Promise<string[]>;
    samples(): Promise<SampleInfo[]>;
    openSample(id: string): Promise<OpenedDocument>;
    /** Unsaved edits kept for crash recovery; null clears them. */
    saveDraft(topology: Topology | null): Promise<void>;
    recoverDraft(): Promise<OpenedDocument | null>;
    /** Native dialogs in Electron; in web mode the renderer shows its own path dialog. */
    chooseOpenPath?(): Promise<string | null>;
    chooseSavePath?(suggested: string): Promise<string | null>;
  };

  /** Subscribes to helper notifications and menu commands; returns an unsubscribe function. */
  on<N extends NotificationName>(name: N, listener: (payload: Notifications[N]) => void): () => void;
  onMenu(listener: (command: MenuCommand) => void): () => void;
}
