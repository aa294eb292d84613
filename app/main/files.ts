/**
 * Documents on disk: open with validation, atomic save, recent files, the
 * crash-recovery draft and the bundled samples. Transport-independent.
 */
import { randomBytes } from 'node:crypto';
import { templateCatalog, type TemplateCatalog } from '../../common/templates/catalog.js';
import { open as openFile, readFile, readdir, rename, stat, unlink, mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { OpenedDocument, SampleInfo } from '../common/api.js';
import {
  formatProblems,
  parseTopology,
  parseTopologyText,
  topologySchema,
  type Topology,
} from '../../common/topology/index.js';

/** A topology is a few megabytes at most (the 1,000-host sample is ~0.2 MB). */
const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
const MAX_RECENT = 10;

export interface DocumentStoreOptions {
  /** Where recent.json and draft.json live (the user's config dir). */
  configDir: string;
  /** The bundled samples (`samples/*.json`). */
  samplesDir: string;
}

/** Why a file cannot be created there, in words (not errno names). */
const WRITE_ERRORS: Record<string, string> = {
  ENOENT: 'its folder does not exist',
  EACCES: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
};

/** Writes a file so that readers see either the old or the new content, never a torn one. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await openFile(temporary, 'wx', 0o644).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`Cannot save ${path}: ${WRITE_ERRORS[error.code ?? ''] ?? error.message}`);
  });
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  // The rename itself is durable only once the directory is synced.
  const directory = await openFile(dirname(path), 'r');
  await directory.sync().finally(() => directory.close());
}

async function readDocumentText(path: string): Promise<string> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`Cannot open ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  if (!info.isFile()) throw new Error(`Cannot open ${path}: not a regular file`);
  if (info.size > MAX_DOCUMENT_BYTES) throw new Error(`Cannot open ${path}: larger than 64 MiB, not a vnet topology`);
  return readFile(path, 'utf8');
}

function parseOrRefuse(text: string, what: string): Topology {
  const result = parseTopologyText(text);
  if (!result.ok) throw new Error(`${what} is not a valid vnet topology:\n${formatProblems(result.problems)}`);
  return result.topology;
}

function describeSample(topology: Topology): string {
  const count = (kind: string) => topology.nodes.filter((n) => n.kind === kind).length;
  const parts: [number, string][] = [
    [count('host'), 'host'],
    [count('router'), 'router'],
    [count('switch'), 'switch'],
    [count('hub'), 'hub'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, noun]) => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : noun.endsWith('h') ? 'es' : 's'}`)
    .join(', ');
}

export class DocumentStore {
  private readonly recentPath: string;
  private readonly draftPath: string;

  constructor(private readonly options: DocumentStoreOptions) {
    this.recentPath = join(options.configDir, 'recent.json');
    this.draftPath = join(options.configDir, 'draft.json');
  }

  async open(path: string): Promise<OpenedDocument> {
    const absolute = resolve(path);
    const topology = parseOrRefuse(await readDocumentText(absolute), absolute);
    await this.remember(absolute);
    return { path: absolute, topology };
  }

  async save(path: string, input: unknown): Promise<string> {
    const absolute = resolve(path);
    const result = parseTopology(input);
    if (!result.ok) throw new Error(`Not saved: the network has problems:\n${formatProblems(result.problems)}`);
    await writeFileAtomic(absolute, `${JSON.stringify(result.topology, null, 2)}\n`);
    await this.remember(absolute);
    return absolute;
  }

  /** Recent files, newest first, without those that have disappeared since. */
  async recent(): Promise<string[]> {
    const paths = await this.readRecent();
    const present = await Promise.all(
      paths.map((p) =>
        stat(p).then(
          (info) => info.isFile(),
          () => false,
        ),
      ),
    );
    return paths.filter((_, i) => present[i]);
  }

  /** The node templates offered beside a document's own: the user's (<configDir>/templates) and the shipped ones. */
  async templates(): Promise<TemplateCatalog> {
    const { configDir, samplesDir } = this.options;
    return templateCatalog({ user: join(configDir, 'templates'), shipped: join(samplesDir, 'templates') });
  }

  async samples(): Promise<SampleInfo[]> {
    const names = (await readdir(this.options.samplesDir)).filter((n) => n.endsWith('.json')).sort();
    return Promise.all(
      names.map(async (name) => {
        const id = name.slice(0, -'.json'.length);
        const { topology } = await this.openSample(id);
        return { id, title: topology.name, description: describeSample(topology) };
      }),
    );
  }

  async openSample(id: string): Promise<OpenedDocument> {
    if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`No sample "${id}"`);
    const path = join(this.options.samplesDir, `${id}.json`);
    const text = await readFile(path, 'utf8').catch(() => {
      throw new Error(`No sample "${id}"`);
    });
    return { topology: parseOrRefuse(text, `Sample "${id}"`) };
  }

  /** Keeps the unsaved drawing and its file; the drawing only has to be structurally sound, not free of problems. */
  async saveDraft(topology: Topology | null, path?: string): Promise<void> {
    if (topology === null) {
      await unlink(this.draftPath).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      return;
    }
    await mkdir(this.options.configDir, { recursive: true });
    await writeFileAtomic(this.draftPath, JSON.stringify({ savedAt: Date.now(), topology, path }));
  }

  async recoverDraft(): Promise<OpenedDocument | null> {
    const text = await readFile(this.draftPath, 'utf8').catch(() => null);
    if (text === null) return null;
    try {
      const draft = JSON.parse(text) as { topology?: unknown; path?: unknown };
      const path = typeof draft.path === 'string' ? { path: draft.path } : {};
      return { topology: topologySchema.parse(draft.topology), ...path };
    } catch {
      return null; // A draft torn by the crash it was meant to survive is no draft.
    }
  }

  private async readRecent(): Promise<string[]> {
    const text = await readFile(this.recentPath, 'utf8').catch(() => '[]');
    try {
      const list: unknown = JSON.parse(text);
      return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
    } catch {
      return [];
    }
  }

  private async remember(path: string): Promise<void> {
    const list = [path, ...(await this.readRecent()).filter((p) => p !== path)].slice(0, MAX_RECENT);
    await mkdir(this.options.configDir, { recursive: true });
    await writeFileAtomic(this.recentPath, JSON.stringify(list, null, 2));
  }
}

/** The user's config dir for vnet: $XDG_CONFIG_HOME/vnet, else ~/.config/vnet. */
export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env, home = env.HOME ?? '/root'): string {
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'vnet');
}
