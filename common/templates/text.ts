/**
 * Placeholders in a template's texts, found and filled: `{name}`, `{param.port}`, ….
 * `${…}` belongs to the shell and is left as it is, and so is a brace not followed at once by a
 * letter (an nginx or JSON block). Apart from placeholders.ts, which says what a key may name, so
 * that the document's schema can ask whether a text has placeholders without importing it back.
 */

const PLACEHOLDER = /(?<!\$)\{([a-z][A-Za-z0-9_.-]*)\}/g;

/** The keys of the placeholders in text, in order (`{param.port}` → `param.port`). */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** text with every placeholder replaced by value(key); a key without a value is thrown as it is named. */
export function expandPlaceholders(text: string, value: (key: string) => string | undefined): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => {
    const found = value(key);
    if (found === undefined) throw new PlaceholderError(key);
    return found;
  });
}

export class PlaceholderError extends Error {
  override name = 'PlaceholderError';
  constructor(readonly key: string) {
    super(`{${key}} has no value`);
  }
}
