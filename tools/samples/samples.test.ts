import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblems, parseTopologyText } from '../../common/topology/index.js';
import { CAMPUS_PATH, campusText } from './generate.js';

const SAMPLES = fileURLToPath(new URL('../../samples/', import.meta.url));

describe('bundled samples', () => {
  it.each(readdirSync(SAMPLES).filter((f) => f.endsWith('.json')))('%s validates', (file) => {
    const result = parseTopologyText(readFileSync(SAMPLES + file, 'utf8'));
    expect(result.ok ? '' : formatProblems(result.problems)).toBe('');
  });

  it('campus-1000.json is what the generator writes', () => {
    expect(readFileSync(CAMPUS_PATH, 'utf8')).toBe(campusText());
  });

  it('campus-1000.json has 1,000 hosts', () => {
    const result = parseTopologyText(campusText());
    expect(result.ok && result.topology.nodes.filter((n) => n.kind === 'host').length).toBe(1000);
  });
});
