/**
 * The main-process core, assembled once per app: document store, helper
 * supervisor and the service that validates and routes every message.
 * Electron and web mode each wrap it in their transport and nothing more.
 */
import type { OpenedDocument } from '../common/api.js';
import { Captures } from './captures.js';
import { DocumentStore, defaultConfigDir } from './files.js';
import { launchHelper } from './helper-launch.js';
import { HelperSupervisor, type HelperLauncher } from './helper-supervisor.js';
import { appPaths, type AppPaths } from './resources.js';
import { createService, type Service, type WindowHooks } from './service.js';

/** What to show first: a file, a bundled sample, or the start screen. */
export type InitialDocument = { path: string } | { sample: string } | null;

export interface CoreOptions {
  appRoot: string;
  /** The helper bundle when not the app root's dist/helper.mjs (a packaged app keeps it outside the asar). */
  helperBundle?: string;
  configDir?: string;
  initial?: InitialDocument;
  /** How to start the helper; defaults to pkexec (or directly when root). */
  launcher?: HelperLauncher;
  window?: WindowHooks;
}

export interface Core {
  paths: AppPaths;
  files: DocumentStore;
  helper: HelperSupervisor;
  captures: Captures;
  service: Service;
}

export function createCore(options: CoreOptions): Core {
  const paths = { ...appPaths(options.appRoot), ...(options.helperBundle && { helperBundle: options.helperBundle }) };
  const files = new DocumentStore({ configDir: options.configDir ?? defaultConfigDir(), samplesDir: paths.samples });
  const helper = new HelperSupervisor(options.launcher ?? (() => launchHelper(paths)));
  const initial = options.initial ?? null;
  const openInitial = async (): Promise<OpenedDocument | null> => {
    if (initial === null) return null;
    return 'path' in initial ? files.open(initial.path) : files.openSample(initial.sample);
  };
  const captures = new Captures(helper);
  const service = createService({ files, helper, captures, window: options.window, initial: openInitial });
  return { paths, files, helper, captures, service };
}
