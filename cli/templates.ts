/** `vnet templates [FILE]`: the node templates a document can use, and where each comes from. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { findAppRoot } from '../app/main/resources.js';
import { defaultConfigDir } from '../app/main/files.js';
import { templateCatalog, type TemplateCatalog } from '../common/templates/catalog.js';
import { formatProblems, parseTopologyText } from '../common/topology/index.js';
import { CliError } from './daemon.js';
import { readText } from './network.js';
import { table } from './print.js';

function paramsOf(template: TemplateCatalog['templates'][number]['template']): string {
  const params = Object.entries(template.params ?? {}).map(([name, p]) =>
    p.required ? `${name} (required)` : p.default !== undefined ? `${name}=${p.default}` : name,
  );
  return params.join(', ') || '-';
}

export async function templatesCommand(file: string | undefined, json: boolean): Promise<number> {
  let document;
  if (file !== undefined) {
    const parsed = parseTopologyText(readText(file));
    if (!parsed.ok) throw new CliError(`${file} is not a valid vnet topology:\n${formatProblems(parsed.problems)}`, 2);
    document = parsed.topology;
  }
  const shipped = join(findAppRoot(fileURLToPath(import.meta.url)), 'samples', 'templates');
  const catalog = await templateCatalog({ user: join(defaultConfigDir(), 'templates'), shipped }, document);
  if (json) {
    console.log(JSON.stringify(catalog));
  } else {
    const rows = [['NAME', 'FROM', 'PARAMS', 'CHECKS', 'STEPS', 'DESCRIPTION']];
    for (const t of catalog.templates)
      rows.push([
        t.name,
        t.from,
        paramsOf(t.template),
        String(t.template.checks?.length ?? 0),
        String(t.template.steps?.length ?? 0),
        t.template.description ?? '',
      ]);
    console.log(table(rows));
    for (const r of catalog.refused) console.error(`${r.path}: not offered: ${r.problem}`);
  }
  return 0;
}
