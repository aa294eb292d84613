/** Directories made by root for a user, never following a link (native/src/hostdirs.c). */
import { binding } from './binding.js';

/** A directory to make beneath a directory descriptor: relative path, exact mode (e.g. 0o1777 for a /tmp). */
export interface DirectoryEntry {
  path: string;
  mode: number;
}

/**
 * Opens trusted/path, making the missing components (owned by uid:gid, mode 0755) one by one beneath
 * `trusted` (absolute; a path only root can change, such as a home directory). No symbolic link is
 * followed (ELOOP) and nothing leads out (EXDEV); a component that exists must belong to uid (EPERM).
 * The directory stays locked while the descriptor is open: a second opener gets EBUSY. Close it with
 * fs.closeSync.
 */
export function openOwnedDirectory(trusted: string, path: string, owner: { uid: number; gid: number }): number {
  return binding().openOwnedDirectory(trusted, path, owner.uid, owner.gid);
}

/**
 * Makes each directory beneath dirFd (`where` names it in messages) as openOwnedDirectory does its
 * components, then gives it exactly its mode. Stops at the first failure.
 */
export async function makeDirectories(
  dirFd: number,
  where: string,
  directories: DirectoryEntry[],
  owner: { uid: number; gid: number },
): Promise<void> {
  return binding().makeDirectories(dirFd, where, directories, owner.uid, owner.gid);
}

/**
 * Removes everything inside each directory beneath dirFd (a missing one is fine), keeping the
 * directory: symbolic links are removed, never followed, at every level (deeper than 256: ELOOP).
 */
export async function emptyDirectories(dirFd: number, where: string, paths: string[]): Promise<void> {
  return binding().emptyDirectories(dirFd, where, paths);
}

/** A file to write beneath a directory descriptor: relative path, exact mode, its whole text. */
export interface FileEntry extends DirectoryEntry {
  content: string;
}

/**
 * Writes each file beneath dirFd, making its missing parent directories as makeDirectories does. A file
 * that is there must be a plain file of the owner's with one link (else EPERM), so neither a symbolic
 * link (ELOOP) nor a hard link to another's file is written through; a new one is handed to the owner.
 */
export async function writeFiles(
  dirFd: number,
  where: string,
  files: FileEntry[],
  owner: { uid: number; gid: number },
): Promise<void> {
  return binding().writeFiles(dirFd, where, files, owner.uid, owner.gid);
}
