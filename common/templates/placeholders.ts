/**
 * What a template's placeholders may name: `{name}`, `{address}`, `{addresses.<interface>}`,
 * `{param.<p>}` and `{members.<template>}` (text.ts finds and fills them).
 */
import { IFNAME_PATTERN, TEMPLATE_NAME_PATTERN, type Template } from '../topology/schema.js';

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
