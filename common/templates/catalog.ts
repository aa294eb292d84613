/**
 * The templates offered beside a document's own: the user's folder
 * (`templates/` in vnet's config directory, app/main/files.ts's
 * defaultConfigDir: ~/.config/vnet; one template a file named after it) and the ones vnet ships
 * (samples/templates/). Read by the command line and the designer's main
 * process as the invoking user, never by the root helper: a document that
 * uses one carries a copy, so the helper only ever sees the document.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatPath } from '../topology/problems.js';
import { TEMPLATE_NAME_PATTERN, templateSchema, type Template, type Topology } from '../topology/schema.js';

export const TEMPLATE_SOURCES = ['document', 'user', 'shipped'] as const;
export type TemplateSource = (typeof TEMPLATE_SOURCES)[number];

export interface OfferedTemplate {
  name: string;
  from: TemplateSource;
  template: Template;
}

/** A template file that could not be offered, and why (its name, or a field and what is wrong). */
export interface RefusedTemplate {
  path: string;
  problem: string;
}

export interface TemplateCatalog {
  templates: OfferedTemplate[];
  refused: RefusedTemplate[];
}

async function readFolder(dir: string, from: TemplateSource, catalog: TemplateCatalog): Promise<void> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  for (const file of names.filter((n) => n.endsWith('.json')).sort()) {
    const path = join(dir, file);
    const name = file.slice(0, -'.json'.length);
    const refuse = (problem: string) => catalog.refused.push({ path, problem });
    if (!TEMPLATE_NAME_PATTERN.test(name)) {
      refuse(`"${name}" is not a template name: 1-40 lowercase letters, digits or "-", starting with a letter`);
      continue;
    }
    let input: unknown;
    try {
      input = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      refuse(`not valid JSON: ${(error as Error).message}`);
      continue;
    }
    const parsed = templateSchema.safeParse(input);
    if (parsed.success) catalog.templates.push({ name, from, template: parsed.data });
    else refuse(parsed.error.issues.map((i) => `${formatPath(i.path) || '(the file)'}: ${i.message}`).join('; '));
  }
}

/**
 * The document's templates, then the user's, then the shipped ones; a name offered by an earlier
 * source hides the later ones (a document's copy is what its nodes use).
 */
export async function templateCatalog(
  dirs: { user: string; shipped: string },
  document?: Pick<Topology, 'templates'>,
): Promise<TemplateCatalog> {
  const catalog: TemplateCatalog = { templates: [], refused: [] };
  for (const [name, template] of Object.entries(document?.templates ?? {}))
    catalog.templates.push({ name, from: 'document', template });
  await readFolder(dirs.user, 'user', catalog);
  await readFolder(dirs.shipped, 'shipped', catalog);
  catalog.templates = catalog.templates.filter((t, i, all) => all.findIndex((o) => o.name === t.name) === i);
  return catalog;
}
