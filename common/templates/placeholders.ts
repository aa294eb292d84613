/**
 * Placeholders in a template's texts: `{name}`, `{address}`, `{addresses.<interface>}`,
 * `{param.<p>}` and `{members.<template>}`. `${…}` belongs to the shell and is left as it is, and so is
 * a brace not followed at once by a letter (an nginx or JSON block).
 */
import { IFNAME_PATTERN, TEMPLATE_NAME_PATTERN, type Template } from '../topology/schema.js';

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

/** Where a placeholder is: a `member` text cannot list members (it is what a list is made of). */
export type PlaceholderPlace = 'text' | 'member';

/** Why `{key}` cannot be expanded in a text of template, or undefined. */
export function placeholderProblem(
  key: string,
  template: Template,
  templates: readonly string[],
  place: PlaceholderPlace,
): string | undefined {
  if (key === 'name' || key === 'address') return undefined;
  const [kind, ...rest] = key.split('.');
  const arg = rest.join('.');
  if (kind === 'addresses' && IFNAME_PATTERN.test(arg)) return undefined;
  if (kind === 'param') {
    const params = Object.keys(template.params ?? {});
    return params.includes(arg) ? undefined : `{${key}}: the template has no parameter "${arg}"${known(params)}`;
  }
  if (kind === 'members' && TEMPLATE_NAME_PATTERN.test(arg)) {
    if (place === 'member') return `{${key}}: a member text cannot list members`;
    return templates.includes(arg) ? undefined : `{${key}}: the document has no template "${arg}"${known(templates)}`;
  }
  return `{${key}} is not a placeholder: use {name}, {address}, {addresses.<interface>}, {param.<p>} or {members.<template>}`;
}

function known(names: readonly string[]): string {
  return names.length ? ` (it has ${names.join(', ')})` : '';
}
