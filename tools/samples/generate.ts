/** Regenerates the generated samples: npx tsx tools/samples/generate.ts */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readTopology, type TopologyInput } from '../../common/topology/index.js';
import { campus, routedCampus } from './campus.js';

const samplePath = (name: string) => fileURLToPath(new URL(`../../samples/${name}`, import.meta.url));

/** Each generated sample's path and what it is made from. */
export const GENERATED: readonly { path: string; build: () => TopologyInput; hosts: number }[] = [
  { path: samplePath('campus-1000.json'), build: campus, hosts: 1000 },
  { path: samplePath('campus-10k.json'), build: () => routedCampus(), hosts: 10000 },
];

export function sampleText(build: () => TopologyInput): string {
  const doc = build();
  readTopology(doc); // never write a sample that does not validate
  return `${JSON.stringify(doc, null, 1)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  for (const { path, build } of GENERATED) writeFileSync(path, sampleText(build));
