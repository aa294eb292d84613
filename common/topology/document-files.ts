/**
 * Files a document names besides itself (link programs' objects, routers' FRR configurations):
 * relative to the document's folder, or absolute. The command line and the designer give the helper
 * that folder with the document (network.apply's `directory`); the helper reads the files as the
 * user who runs vnet (helper/user-files.ts).
 */
import { z } from 'zod';

/** A file's name in the document; `what` says what it holds, for the message when empty. */
export function documentFileSchema(what: string) {
  return z
    .string()
    .min(1, `must name ${what}`)
    .max(4096, 'cannot be longer than 4096 characters')
    .refine((file) => !file.includes('\0'), 'cannot hold a NUL character');
}

/**
 * Where a document's file is: itself when absolute, else in `directory` (the document's folder);
 * undefined when relative and no folder is known.
 */
export function documentFilePath(file: string, directory: string | undefined): string | undefined {
  // No node:path: the designer's renderer reads this file too (and vnet runs on Linux only).
  if (file.startsWith('/')) return file;
  return directory === undefined ? undefined : `${directory.replace(/\/+$/, '')}/${file}`;
}
