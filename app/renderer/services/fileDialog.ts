/**
 * Web mode's Open and Save dialog (Electron shows its native one): browses
 * the server's folders through api.files.browse, starting in the document's
 * folder, else the last one used, else the user's home. What is typed is a
 * name or path read against the folder shown; Save asks before replacing a
 * file. Kept out of the document store because it holds a callback.
 */
import { create } from 'zustand';
import type { FolderListing } from '../../common/api.js';
import { baseName, documentName, parentOf, resolvePath } from '../lib/paths.js';
import { api } from './api.js';
import { sentence } from '../lib/sentences.js';
import { askChoice, askFor } from './prompt.js';

export interface FileRequest {
  mode: 'open' | 'save';
  title: string;
  /** The name (or path) offered in the name field. */
  suggested: string;
  resolve(path: string | null): void;
}

interface FileDialogState {
  request: FileRequest | undefined;
  listing: FolderListing | undefined;
  /** Why the last folder could not be listed or made, in words. */
  problem: string | undefined;
}

export const useFileDialog = create<FileDialogState>()(() => ({
  request: undefined,
  listing: undefined,
  problem: undefined,
}));

/** Where the dialog opened last; the next one starts there when the document has no file. */
let lastFolder: string | null = null;

/** Lists a folder in the dialog; a folder that cannot be listed leaves the shown one, with the reason. */
export async function showFolder(folder: string | null): Promise<void> {
  const browse = api().files.browse;
  if (!browse) return;
  try {
    const listing = await browse(folder);
    lastFolder = listing.folder;
    useFileDialog.setState({ listing, problem: undefined });
  } catch (error) {
    useFileDialog.setState({ problem: sentence(error) });
  }
}

/** Asks for a path to open or save to; null when cancelled. `near` is the document's file, if any. */
export function chooseFile(mode: FileRequest['mode'], title: string, suggested: string, near?: string) {
  useFileDialog.getState().request?.resolve(null);
  const chosen = new Promise<string | null>((resolve) => {
    const request: FileRequest = {
      mode,
      title,
      suggested: baseName(suggested),
      resolve(path) {
        useFileDialog.setState({ request: undefined, problem: undefined });
        resolve(path);
      },
    };
    useFileDialog.setState({ request, problem: undefined });
  });
  void showFolder(near ? parentOf(near) : lastFolder);
  return chosen;
}

/** The name field's answer: a folder is entered, a file chosen (Save asks before replacing one). */
export async function submitName(typed: string): Promise<void> {
  const { request, listing } = useFileDialog.getState();
  if (!request || !listing || !typed.trim()) return;
  const target = resolvePath(listing.folder, typed, listing.home);
  if (await isFolder(target, listing)) return showFolder(target);
  if (request.mode === 'open') return request.resolve(target);
  const path = documentName(target);
  if (await mayWrite(path)) request.resolve(path);
}

/** Whether `path` is a folder: an entry of the folder shown, or one that lists. */
async function isFolder(path: string, shown: FolderListing): Promise<boolean> {
  if (parentOf(path) === shown.folder)
    return shown.entries.some((e) => e.name === baseName(path) && e.kind === 'folder');
  return !!(await api()
    .files.browse?.(path)
    .catch(() => undefined));
}

/** Whether to write `path`: its folder must exist, and a file there is replaced only when the user says so. */
async function mayWrite(path: string): Promise<boolean> {
  const browse = api().files.browse;
  let there: FolderListing;
  try {
    if (!browse) return true;
    there = await browse(parentOf(path));
  } catch (error) {
    useFileDialog.setState({ problem: sentence(error) });
    return false;
  }
  const name = baseName(path);
  const existing = there.entries.find((e) => e.name === name);
  if (existing?.kind === 'folder') {
    useFileDialog.setState({ problem: `${path} is a folder` });
    return false;
  }
  if (!existing) return true;
  const answer = await askChoice(`Replace ${name}?`, `${path} exists already. Replace it with this network?`, [
    { value: 'replace', label: 'Replace' },
  ]);
  return answer === 'replace';
}

export async function newFolder(): Promise<void> {
  const { listing } = useFileDialog.getState();
  const make = api().files.makeFolder;
  if (!listing || !make) return;
  const name = await askFor('text', `New folder in ${listing.folder}`);
  if (!name) return;
  try {
    await showFolder(await make(resolvePath(listing.folder, name, listing.home)));
  } catch (error) {
    useFileDialog.setState({ problem: sentence(error) });
  }
}

/** Folders of the recent files, newest first, each once. */
export const recentFolders = (recent: readonly string[]) => [...new Set(recent.map(parentOf))];
