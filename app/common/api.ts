/**
 * The designer's API: everything the renderer may ask of the main process.
 * Electron exposes it through the preload (contextBridge, one function per
 * message); web mode implements the same interface over a WebSocket. The
 * renderer never knows which transport it has.
 *
 * Every message is named `<group>.<method>` (API_METHODS below); both
 * transports carry `(channel, args[])` and the main process validates the
 * arguments of each channel before acting (app/main/messages.ts).
 */
import type { HelperVersion, Notifications, Params, Results } from '../../common/protocol/helper.js';
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
export type MenuCommand =
  'new' | 'open' | 'open-recent' | 'save' | 'save-as' | 'export-image' | 'undo' | 'redo' | 'zoom-to-fit';

/** A menu event: the command, and for 'open-recent' the file's path. */
export interface MenuEvent {
  command: MenuCommand;
  path?: string;
}

/**
 * The privileged helper's lifecycle as the main process sees it. The helper
 * starts on the first helper call; once it fails or exits it stays so until
 * the user asks for `helper.restart()` (nothing restarts behind their back).
 */
export interface HelperState {
  state: 'idle' | 'starting' | 'ready' | 'failed' | 'exited';
  /** Plain-language reason when failed or exited (authorisation refused, helper crashed, ...). */
  message?: string;
}

/** Helper notifications plus the main process's own. */
export interface AppNotifications extends Notifications {
  'helper.state': HelperState;
}
export type AppNotificationName = keyof AppNotifications;

/** What the window shows about the document: title and unsaved edits (Quit asks before losing them). */
export interface DocumentState {
  title: string;
  dirty: boolean;
}

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
    /** Current lifecycle state (also pushed as the 'helper.state' notification). */
    state(): Promise<HelperState>;
    /** Starts the helper again after it failed or exited; the user asked for it. */
    restart(): Promise<HelperVersion>;
  };

  files: {
    /** Reads and validates a document; refuses with the schema's message. */
    open(path: string): Promise<OpenedDocument>;
    /** Atomic save (temporary file, fsync, rename); refuses an invalid document; returns the absolute path. */
    save(path: string, topology: Topology): Promise<string>;
    recent(): Promise<string[]>;
    samples(): Promise<SampleInfo[]>;
    openSample(id: string): Promise<OpenedDocument>;
    /** Unsaved edits kept for crash recovery; null clears them. */
    saveDraft(topology: Topology | null): Promise<void>;
    recoverDraft(): Promise<OpenedDocument | null>;
    /** The document the app was launched with (command line, or the default sample), if any. */
    initial(): Promise<OpenedDocument | null>;
    /** Native dialogs in Electron; in web mode the renderer shows its own path dialog. */
    chooseOpenPath?(): Promise<string | null>;
    chooseSavePath?(suggested: string): Promise<string | null>;
  };

  window: {
    /** Window title and unsaved-changes flag (Electron's Quit prompt uses it). */
    setDocumentState(state: DocumentState): Promise<void>;
  };

  /** Subscribes to helper/app notifications and menu commands; returns an unsubscribe function. */
  on<N extends AppNotificationName>(name: N, listener: (payload: AppNotifications[N]) => void): () => void;
  /** `path` is set for 'open-recent' (File > Open Recent): the renderer opens it with files.open. */
  onMenu(listener: (command: MenuCommand, path?: string) => void): () => void;
}

/** Every message, by group. Dialog messages exist only in Electron. */
export const API_METHODS = {
  helper: [
    'version',
    'apply',
    'stop',
    'status',
    'exec',
    'write',
    'resize',
    'signal',
    'processes',
    'subscribeStats',
    'state',
    'restart',
  ],
  files: ['open', 'save', 'recent', 'samples', 'openSample', 'saveDraft', 'recoverDraft', 'initial'],
  window: ['setDocumentState'],
} as const satisfies { [G in 'helper' | 'files' | 'window']: readonly (keyof VnetApi[G])[] };

export const DIALOG_METHODS = [
  'chooseOpenPath',
  'chooseSavePath',
] as const satisfies readonly (keyof VnetApi['files'])[];

type Group = keyof typeof API_METHODS;
export type ApiChannel =
  { [G in Group]: `${G}.${(typeof API_METHODS)[G][number]}` }[Group] | `files.${(typeof DIALOG_METHODS)[number]}`;

/** Every notification name; a Record so the compiler sees that none is missing. */
const NOTIFICATIONS: Record<AppNotificationName, true> = {
  'process.output': true,
  'process.exit': true,
  'network.state': true,
  'network.changed': true,
  'network.faults': true,
  stats: true,
  'helper.state': true,
};
export const NOTIFICATION_NAMES = Object.keys(NOTIFICATIONS) as AppNotificationName[];

/** The event name carrying menu commands (Electron only). */
export const MENU_EVENT = 'menu';
