import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { studentCopy } from '../../common/lab/student.js';
import { templateCatalog } from '../../common/templates/catalog.js';
import { formatProblems, parseTopology, parseTopologyText } from '../../common/topology/index.js';
import { GENERATED, sampleText } from './generate.js';

const SAMPLES = fileURLToPath(new URL('../../samples/', import.meta.url));

describe('bundled samples', () => {
  // samples/templates/ holds node templates, one a file, not documents: the catalog reads them.
  const files = readdirSync(SAMPLES, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.json') && !f.startsWith('templates/'),
  );

  it('offers every shipped template, refusing none', async () => {
    const catalog = await templateCatalog({ user: `${SAMPLES}no-user-folder`, shipped: `${SAMPLES}templates` });
    expect(catalog.refused).toEqual([]);
    expect(catalog.templates.map((t) => t.name)).toEqual(['client', 'etcd-member', 'web-server']);
  });

  it.each(files)('%s validates', (file) => {
    const result = parseTopologyText(readFileSync(SAMPLES + file, 'utf8'));
    expect(result.ok ? '' : formatProblems(result.problems)).toBe('');
  });

  it.each(files.filter((f) => f.startsWith('labs/')))("%s has a lab, and its student's copy validates", (file) => {
    const result = parseTopologyText(readFileSync(SAMPLES + file, 'utf8'));
    const lab = result.ok ? result.topology.lab : undefined;
    expect(lab?.tasks.length).toBeGreaterThan(0);
    const copy = result.ok ? parseTopology(studentCopy(result.topology)) : result;
    expect(copy.ok ? '' : formatProblems(copy.problems)).toBe('');
  });

  it.each(GENERATED.map((g) => ({ ...g, file: basename(g.path) })))(
    '$file is what the generator writes, with $hosts hosts',
    ({ path, build, hosts }) => {
      const text = sampleText(build);
      expect(readFileSync(path, 'utf8')).toBe(text);
      const result = parseTopologyText(text);
      expect(result.ok && result.topology.nodes.filter((n) => n.kind === 'host').length).toBe(hosts);
    },
  );
});
