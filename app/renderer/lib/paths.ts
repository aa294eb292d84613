/** POSIX paths as the file dialog reads what people type: absolute, `~/…`, or relative to the folder shown. */

/** `typed` as an absolute, normalised path: against `folder` unless absolute or under `~`. */
export function resolvePath(folder: string, typed: string, home: string): string {
  const text = typed.trim();
  const base = text.startsWith('/') ? '' : text === '~' || text.startsWith('~/') ? home : folder;
  const rest = text.startsWith('~') ? text.slice(1) : text;
  const parts: string[] = [];
  for (const part of `${base}/${rest}`.split('/')) {
    if (part === '..') parts.pop();
    else if (part && part !== '.') parts.push(part);
  }
  return `/${parts.join('/')}`;
}

export function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

export const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** A document's file name: `.json` added to a name without an extension. */
export const documentName = (name: string) => (/\.[^./]+$/.test(name) ? name : `${name}.json`);
