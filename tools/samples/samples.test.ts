import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { studentCopy } from '../../common/lab/student.js';
import { formatProblems, parseTopology, parseTopologyText } from '../../common/topology/index.js';
import { GENERATED, sampleText } from './generate.js';

const SAMPLES = fileURLToPath(new URL('../../samples/', import.meta.url));

describe('bundled samples', () => {
  const files = readdirSync(SAMPLES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));

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
