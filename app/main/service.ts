/**
 * The main process's one implementation of the API, independent of the
 * transport: each channel's arguments are checked against a schema, then
 * handled by the document store or forwarded to the helper. Electron's IPC
 * and web mode's WebSocket both call `handle(channel, args)` and nothing else.
 */
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import type { ApiChannel, DocumentState, OpenedDocument } from '../common/api.js';
import { ApplyParamsMemo } from '../../common/protocol/apply-params.js';
import { requestParams, type Method } from '../../common/protocol/helper.js';
import { formatPath, topologySchema } from '../../common/topology/index.js';
import type { DocumentStore } from './files.js';
import type { HelperSupervisor } from './helper-supervisor.js';

const absolutePath = z
  .string()
  .min(1, 'must not be empty')
  .max(4096, 'is too long')
  .refine((p) => !p.includes('\0'), 'must not contain NUL')
  .refine((p) => isAbsolute(p), 'must be an absolute path');

const documentState = z.strictObject({ title: z.string().max(500), dirty: z.boolean() });

/** Electron-only capabilities; web mode leaves them out and their channels are refused. */
export interface WindowHooks {
  setDocumentState(state: DocumentState): void;
  chooseOpenPath?(): Promise<string | null>;
  chooseSavePath?(suggested: string): Promise<string | null>;
}

export interface ServiceParts {
  files: DocumentStore;
  helper: HelperSupervisor;
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
  run(args: never[]): Promise<unknown>;
}

function route<T extends unknown[]>(args: z.ZodType<T>, run: (args: T) => Promise<unknown>): Route {
  return { args, run: run as unknown as Route['run'] };
}

/**
 * network.apply, checked through the same memo as the helper's: every edit of a running network sends the
 * whole drawing, and only what changed since the last accepted one is validated again. A refusal comes
 * from the full schema, so its message is the same.
 */
function forwardApply(helper: HelperSupervisor): Route {
  const memo = new ApplyParamsMemo();
  const forwarded = forward(helper, 'network.apply');
  const args: ArgumentsParser = {
    safeParse(value) {
      const params = Array.isArray(value) && value.length === 1 ? memo.safeParse(value[0]) : undefined;
      return params?.success ? { success: true, data: [params.data] } : forwarded.args.safeParse(value);
    },
  };
  return { ...forwarded, args };
}

function forward<M extends Method>(helper: HelperSupervisor, method: M): Route {
  return route(z.tuple([requestParams[method]]), ([params]) => helper.call(method, params as never));
}

function noArguments(run: () => Promise<unknown>): Route {
  return route(z.tuple([]), run);
}

function routes({ files, helper, window, initial }: ServiceParts): Partial<Record<ApiChannel, Route>> {
  const table: Partial<Record<ApiChannel, Route>> = {
    'helper.version': noArguments(() => helper.call('helper.version', {})),
    'helper.apply': forwardApply(helper),
    'helper.stop': noArguments(() => helper.call('network.stop', {})),
    'helper.status': noArguments(() => helper.call('network.status', {})),
    'helper.exec': forward(helper, 'process.exec'),
    'helper.write': forward(helper, 'process.write'),
    'helper.resize': forward(helper, 'process.resize'),
    'helper.signal': forward(helper, 'process.signal'),
    'helper.processes': forward(helper, 'process.list'),
    'helper.subscribeStats': forward(helper, 'stats.subscribe'),
    'helper.state': noArguments(async () => helper.state),
    'helper.restart': noArguments(() => helper.restart()),
    'files.open': route(z.tuple([absolutePath]), ([path]) => files.open(path)),
    // The topology is checked whole by the store, so a refusal carries the schema's message.
    'files.save': route(z.tuple([absolutePath, z.unknown()]), ([path, topology]) => files.save(path, topology)),
    'files.recent': noArguments(() => files.recent()),
    'files.samples': noArguments(() => files.samples()),
    'files.openSample': route(z.tuple([z.string().max(100)]), ([id]) => files.openSample(id)),
    'files.saveDraft': route(z.tuple([topologySchema.nullable()]), ([topology]) => files.saveDraft(topology)),
    'files.recoverDraft': noArguments(() => files.recoverDraft()),
    'files.initial': noArguments(async () => (initial ? initial() : null)),
    'window.setDocumentState': route(z.tuple([documentState]), async ([state]) => window?.setDocumentState(state)),
  };
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
  /** Validates and runs one message; rejects with a message naming what is wrong. */
  handle(channel: unknown, args: unknown): Promise<unknown>;
}

export function createService(parts: ServiceParts): Service {
  const table = routes(parts);
  return {
    async handle(channel, args) {
      const entry =
        typeof channel === 'string' && Object.hasOwn(table, channel) ? table[channel as ApiChannel] : undefined;
      if (!entry) throw new Error(`Unknown message ${JSON.stringify(channel)}`);
      if (!Array.isArray(args)) throw new Error(`${channel}: arguments must be a list`);
      const parsed = entry.args.safeParse(args);
      if (!parsed.success) throw new Error(describeIssues(channel as string, parsed.error));
      return entry.run(parsed.data as never[]);
    },
  };
}
