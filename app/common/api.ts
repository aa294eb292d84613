/**
 * The designer's API: everything the renderer may ask of the main process.
 * Electron exposes it through the preload (contextBridge, one function per
 * message); web mode implements the same interface over a WebSocket. The
 * renderer never knows which transport it has.
 *
 * Every message is named `<group>.<method>` (the channels below); both
 * transports carry `(channel, args[])` and the main process validates the
 * arguments of each channel before acting (app/main/service.ts).
 */
import type { HelperVersion, Method, Notifications, Params, Results } from '../../common/protocol/helper.js';
import type { TemplateCatalog } from '../../common/templates/catalog.js';
import type { Topology } from '../../common/topology/schema.js';

export interface OpenedDocument {
  /** Absolute path, or undefined for a sample or a recovered draft. */
  path?: string;
  topology: Topology;
}

/** One folder as web mode's file dialog shows it (app/main/folders.ts). */
export interface FolderListing {
  /** The folder listed, absolute. */
  folder: string;
  /** Its parent; absent at the root. */
  parent?: string;
  /** The user's home folder. */
  home: string;
  /** Sub-folders, then vnet documents (`*.json`), each by name; hidden ones left out. */
  entries: { name: string; kind: 'folder' | 'file' }[];
  /** More entries than a listing shows (app/main/folders.ts MAX_ENTRIES). */
  truncated: boolean;
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

/** Whether "Open in Wireshark" can run here; main looks for the program, the page cannot. */
export interface WiresharkSupport {
  available: boolean;
  /** Why not, in words for the entry's tooltip. */
  reason?: string;
}

/**
 * Whether this window reaches the process that serves it. Only web mode can
 * lose it (the server stopped: Ctrl+C on `npm start`, `vnet serve` ended);
 * its transport then tries again every second and says 'connected' once
 * back. Electron's main process is the window's own: never lost.
 */
export type ConnectionState = { state: 'connected' } | { state: 'lost'; message: string };

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

/**
 * The helper's methods the designer calls. Each is forwarded as it is, under
 * its own name: the channel `network.apply` is the helper's `network.apply`,
 * and the renderer calls it as `api.network.apply(params)`.
 */
export const HELPER_CALLS = [
  'helper.version',
  'network.apply',
  'network.patch',
  'network.get',
  'network.stop',
  'network.status',
  'network.partition',
  'network.heal',
  'network.reseed',
  'node.crash',
  'node.restart',
  'node.routes',
  'process.exec',
  'process.write',
  'process.resize',
  'process.signal',
  'process.list',
  'stats.subscribe',
  'checks.run',
  'capture.start',
  'capture.stop',
] as const satisfies readonly Method[];
export type HelperCall = (typeof HELPER_CALLS)[number];

/** The main process's own channels: the helper's lifecycle, documents on disk, the window. */
export const APP_CHANNELS = [
  'helper.state',
  'helper.restart',
  'files.open',
  'files.save',
  'files.saveBytes',
  'files.recent',
  'files.samples',
  'files.templates',
  'files.openSample',
  'files.saveDraft',
  'files.recoverDraft',
  'files.initial',
  'window.setDocumentState',
  'capture.wiresharkSupport',
  'capture.openInWireshark',
] as const;

/** Channels only Electron has (native dialogs); web mode shows its own file dialog. */
export const DIALOG_CHANNELS = ['files.chooseOpenPath', 'files.chooseSavePath'] as const;

/** What web mode's own file dialog asks of the server (Electron's native dialog needs none). */
export const BROWSE_CHANNELS = ['files.browse', 'files.makeFolder'] as const;

export type ApiChannel =
  HelperCall | (typeof APP_CHANNELS)[number] | (typeof DIALOG_CHANNELS)[number] | (typeof BROWSE_CHANNELS)[number];

type GroupOf<C> = C extends `${infer G}.${string}` ? G : never;
type MethodOf<C> = C extends `${string}.${infer M}` ? M : never;

/** `api.<group>.<method>(params)` for each helper call, typed by the protocol. */
type HelperCallApi = {
  [G in GroupOf<HelperCall>]: {
    [C in HelperCall as GroupOf<C> extends G ? MethodOf<C> : never]: (params: Params<C>) => Promise<Results[C]>;
  };
};

export interface VnetApi extends HelperCallApi {
  /** 'electron' or 'web': the renderer may adapt, never branch its logic on it. */
  readonly transport: 'electron' | 'web';

  helper: HelperCallApi['helper'] & {
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
    /** Atomic save of any file's bytes (a capture's pcapng), given in base64; returns the path. */
    saveBytes(path: string, base64: string): Promise<string>;
    recent(): Promise<string[]>;
    samples(): Promise<SampleInfo[]>;
    /** Node templates offered beside the document's: the user's folder, then the shipped ones (common/templates/catalog.ts). */
    templates(): Promise<TemplateCatalog>;
    openSample(id: string): Promise<OpenedDocument>;
    /** Unsaved edits kept for crash recovery, with the file they belong to (if saved before); null clears them. */
    saveDraft(topology: Topology | null, path?: string): Promise<void>;
    recoverDraft(): Promise<OpenedDocument | null>;
    /** The document the app was launched with (command line, or the default sample), if any. */
    initial(): Promise<OpenedDocument | null>;
    /** Native dialogs in Electron; in web mode the renderer shows its own file dialog. */
    chooseOpenPath?(): Promise<string | null>;
    chooseSavePath?(suggested: string): Promise<string | null>;
    /** Web mode's file dialog: an absolute folder (null: the user's home), listed. */
    browse?(folder: string | null): Promise<FolderListing>;
    /** Web mode's file dialog: makes one folder (absolute path) in an existing one; returns its path. */
    makeFolder?(path: string): Promise<string>;
  };

  /**
   * capture.start/stop are the helper's, except that a capture belongs to this view: its frames come
   * to this view alone, and closing or reloading the view stops it.
   */
  capture: HelperCallApi['capture'] & {
    wiresharkSupport(): Promise<WiresharkSupport>;
    /** Pipes a live pcapng of this view's capture to Wireshark, from now on; refused where it is not installed. */
    openInWireshark(capture: number): Promise<void>;
  };

  window: {
    /** Window title and unsaved-changes flag (Electron's Quit prompt uses it). */
    setDocumentState(state: DocumentState): Promise<void>;
  };

  /** Subscribes to helper/app notifications and menu commands; returns an unsubscribe function. */
  on<N extends AppNotificationName>(name: N, listener: (payload: AppNotifications[N]) => void): () => void;
  /** `path` is set for 'open-recent' (File > Open Recent): the renderer opens it with files.open. */
  onMenu(listener: (command: MenuCommand, path?: string) => void): () => void;
  /** The connection to the server was lost or is back (web mode only). */
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

/**
 * A refused call as the renderer sees it: the plain message, and the
 * helper's JSON-RPC error code when the helper refused it (RPC_ERRORS), so
 * the designer can tell a stale revision from a mistake.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Every notification name; a Record so the compiler sees that none is missing. */
const NOTIFICATIONS: Record<AppNotificationName, true> = {
  'process.output': true,
  'process.exit': true,
  'network.state': true,
  'network.changed': true,
  'network.faults': true,
  stats: true,
  'capture.packets': true,
  'capture.ended': true,
  'helper.state': true,
};
export const NOTIFICATION_NAMES = Object.keys(NOTIFICATIONS) as AppNotificationName[];

/** The event name carrying menu commands (Electron only). */
export const MENU_EVENT = 'menu';
/** The event name carrying ConnectionState (the web transport's own). */
export const CONNECTION_EVENT = 'connection';
