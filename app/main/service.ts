/**
 * The main process's one implementation of the API, independent of the
 * transport: each channel's arguments are checked against a schema, then
 * handled by the document store or forwarded to the helper. Electron's IPC
 * and web mode's WebSocket both call `handle(channel, args)` and nothing else.
 */
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { HELPER_CALLS, type ApiChannel, type DocumentState, type OpenedDocument } from '../common/api.js';
import { requestParams, type Method } from '../../common/protocol/helper.js';
import { formatPath, topologySchema } from '../../common/topology/index.js';
import type { Captures, View } from './captures.js';
import { writeFileAtomic, type DocumentStore } from './files.js';
import { browse, makeFolder } from './folders.js';
import type { HelperSupervisor } from './helper-supervisor.js';
import { wiresharkSupport } from './wireshark.js';

const absolutePath = z
  .string()
  .min(1, 'must not be empty')
  .max(4096, 'is too long')
  .refine((p) => !p.includes('\0'), 'must not contain NUL')
  .refine((p) => isAbsolute(p), 'must be an absolute path');

/** A file's bytes in base64 (JSON carries no bytes); web mode's messages stop at 64 MiB. */
const base64 = z
  .string()
  .max(64 * 1024 * 1024, 'is over 64 MiB')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

const documentState = z.strictObject({ title: z.string().max(500), dirty: z.boolean() });

/** Electron-only capabilities; web mode leaves them out, their channels are refused, and its own file dialog's are served. */
export interface WindowHooks {
  setDocumentState(state: DocumentState): void;
  chooseOpenPath?(): Promise<string | null>;
  chooseSavePath?(suggested: string): Promise<string | null>;
}

export interface ServiceParts {
  files: DocumentStore;
  helper: HelperSupervisor;
  captures: Captures;
  window?: WindowHooks;
  /** The document the app was launched with. */
  initial?: () => Promise<OpenedDocument | null>;
}

/** What a route needs of its argument schema. */
interface ArgumentsParser {
  safeParse(args: unknown): z.ZodSafeParseResult<unknown[]>;
}

interface Route {
  args: ArgumentsParser;
  /** `view` is the window or tab that sent it (captures belong to it). */
  run(args: never[], view: View): Promise<unknown>;
}

function route<T extends unknown[]>(args: z.ZodType<T>, run: (args: T, view: View) => Promise<unknown>): Route {
  return { args, run: run as unknown as Route['run'] };
}

/**
 * A helper call, forwarded under its own name once its params are checked.
 * network.apply's document is left to the helper, the one place that must
 * check it anyway (and does so incrementally); the designer checked every
 * edit before sending it, so checking it here too would only repeat work.
 */
function forward<M extends Method>(helper: HelperSupervisor, method: M): Route {
  const params = method === 'network.apply' ? z.looseObject({ topology: z.looseObject({}) }) : requestParams[method];
  return route(z.tuple([params]), ([checked]) => helper.call(method, checked as never));
}

function noArguments(run: () => Promise<unknown>): Route {
  return route(z.tuple([]), run);
}

function routes({ files, helper, captures, window, initial }: ServiceParts): Partial<Record<ApiChannel, Route>> {
  const table: Partial<Record<ApiChannel, Route>> = {
    ...Object.fromEntries(HELPER_CALLS.map((method) => [method, forward(helper, method)])),
    // A capture belongs to the view that started it (app/main/captures.ts).
    'capture.start': route(z.tuple([requestParams['capture.start']]), ([params], view) => captures.start(view, params)),
    'capture.stop': route(z.tuple([requestParams['capture.stop']]), ([{ capture }], view) =>
      captures.stop(view, capture),
    ),
    'capture.wiresharkSupport': noArguments(async () => wiresharkSupport()),
    'capture.openInWireshark': route(
      z.tuple([requestParams['capture.stop'].shape.capture]),
      async ([capture], view) => {
        captures.openInWireshark(view, capture);
      },
    ),
    'helper.state': noArguments(async () => helper.state),
    'helper.restart': noArguments(() => helper.restart()),
    'files.open': route(z.tuple([absolutePath]), ([path]) => files.open(path)),
    // The topology is checked whole by the store, so a refusal carries the schema's message.
    'files.save': route(z.tuple([absolutePath, z.unknown()]), ([path, topology]) => files.save(path, topology)),
    'files.saveBytes': route(z.tuple([absolutePath, base64]), async ([path, data]) => {
      await writeFileAtomic(path, Buffer.from(data, 'base64'));
      return path;
    }),
    'files.recent': noArguments(() => files.recent()),
    'files.samples': noArguments(() => files.samples()),
    'files.templates': noArguments(() => files.templates()),
    'files.openSample': route(z.tuple([z.string().max(100)]), ([id]) => files.openSample(id)),
    // A path left out arrives as null: JSON has no undefined in a list.
    'files.saveDraft': route(z.tuple([topologySchema.nullable(), absolutePath.nullish()]), ([topology, path]) =>
      files.saveDraft(topology, path ?? undefined),
    ),
    'files.recoverDraft': noArguments(() => files.recoverDraft()),
    'files.initial': noArguments(async () => (initial ? initial() : null)),
    'window.setDocumentState': route(z.tuple([documentState]), async ([state]) => window?.setDocumentState(state)),
  };
  if (!window?.chooseOpenPath) {
    table['files.browse'] = route(z.tuple([absolutePath.nullable()]), ([folder]) => browse(folder));
    table['files.makeFolder'] = route(z.tuple([absolutePath]), ([path]) => makeFolder(path));
  }
  if (window?.chooseOpenPath) table['files.chooseOpenPath'] = noArguments(window.chooseOpenPath);
  if (window?.chooseSavePath) {
    const choose = window.chooseSavePath;
    table['files.chooseSavePath'] = route(z.tuple([z.string().max(4096)]), ([suggested]) => choose(suggested));
  }
  return table;
}

function describeIssues(channel: string, error: z.ZodError): string {
  const issues = error.issues.map((issue) => {
    const [index, ...rest] = issue.path;
    const where =
      typeof index === 'number' ? `argument ${index + 1}${rest.length ? ` ${formatPath(rest)}` : ''}` : 'arguments';
    return `${where}: ${issue.message}`;
  });
  return `${channel}: invalid ${issues.join('; ')}`;
}

export interface Service {
  /** Validates and runs one message from `view` (the one window when absent); rejects with a message naming what is wrong. */
  handle(channel: unknown, args: unknown, view?: View): Promise<unknown>;
}

/** The view of a transport that has only one (Electron's window). */
const ONLY_VIEW: View = {};

export function createService(parts: ServiceParts): Service {
  const table = routes(parts);
  return {
    async handle(channel, args, view = ONLY_VIEW) {
      const entry =
        typeof channel === 'string' && Object.hasOwn(table, channel) ? table[channel as ApiChannel] : undefined;
      if (!entry) throw new Error(`Unknown message ${JSON.stringify(channel)}`);
      if (!Array.isArray(args)) throw new Error(`${channel}: arguments must be a list`);
      const parsed = entry.args.safeParse(args);
      if (!parsed.success) throw new Error(describeIssues(channel as string, parsed.error));
      return entry.run(parsed.data as never[], view);
    },
  };
}
