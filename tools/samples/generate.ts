/** Regenerates the generated samples: npx tsx tools/samples/generate.ts */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readTopology } from '../../common/topology/index.js';
import { campus } from './campus.js';

export const CAMPUS_PATH = fileURLToPath(new URL('../../samples/campus-1000.json', import.meta.url));

export function campusText(): string {
  const doc = campus();
  readTopology(doc); // never write a sample that does not validate
  return `${JSON.stringify(doc, null, 1)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeFileSync(CAMPUS_PATH, campusText());
