import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { studentCopy } from '../../common/lab/student.js';
import { formatProblems, parseTopology, parseTopologyText } from '../../common/topology/index.js';
import { CAMPUS_PATH, campusText } from './generate.js';

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

  it('campus-1000.json is what the generator writes', () => {
    expect(readFileSync(CAMPUS_PATH, 'utf8')).toBe(campusText());
  });

  it('campus-1000.json has 1,000 hosts', () => {
    const result = parseTopologyText(campusText());
    expect(result.ok && result.topology.nodes.filter((n) => n.kind === 'host').length).toBe(1000);
  });
});
