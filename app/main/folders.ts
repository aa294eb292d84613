/**
 * Web mode's file dialog, served: one folder's sub-folders and vnet
 * documents, and a new folder. It shows what Electron's Open/Save dialog
 * (filtered to JSON) would show the same user: folders and `*.json` files,
 * hidden ones left out, nothing read but names.
 */
import type { Dirent } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { FolderListing } from '../common/api.js';

/** A listing shows at most this many entries (a folder of 100,000 files is no place to pick a network from). */
export const MAX_ENTRIES = 5000;

/** Why a folder cannot be listed or made, in words. */
function refusal(path: string, error: NodeJS.ErrnoException): Error {
  const why: Record<string, string> = {
    ENOENT: 'no such folder',
    ENOTDIR: 'not a folder',
    EACCES: 'permission denied',
    EEXIST: 'it exists already',
  };
  return new Error(`${path}: ${why[error.code ?? ''] ?? error.message}`);
}

const shown = (entry: Dirent) =>
  !entry.name.startsWith('.') && (entry.isDirectory() || (entry.isFile() && entry.name.endsWith('.json')));

/** Lists `folder` (the user's home when null): sub-folders, then documents, each by name. */
export async function browse(folder: string | null, home = homedir()): Promise<FolderListing> {
  const path = resolve(folder ?? home);
  const entries = await readdir(path, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw refusal(path, error);
  });
  const listed = entries
    .filter(shown)
    .map((entry) => ({ name: entry.name, kind: entry.isDirectory() ? ('folder' as const) : ('file' as const) }))
    .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
  return {
    folder: path,
    ...(dirname(path) !== path && { parent: dirname(path) }),
    home,
    entries: listed.slice(0, MAX_ENTRIES),
    truncated: listed.length > MAX_ENTRIES,
  };
}

/** Makes one new folder in an existing one; returns its path. */
export async function makeFolder(path: string): Promise<string> {
  const absolute = resolve(path);
  const parent = await stat(dirname(absolute)).catch((error: NodeJS.ErrnoException) => {
    throw refusal(dirname(absolute), error);
  });
  if (!parent.isDirectory()) throw new Error(`${dirname(absolute)}: not a folder`);
  await mkdir(absolute).catch((error: NodeJS.ErrnoException) => {
    throw refusal(absolute, error);
  });
  return join(absolute);
}
