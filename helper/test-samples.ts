/** The shipped sample documents (samples/), read as any document is: for tests. */
import { readFileSync } from 'node:fs';
import { readTopology, type Topology } from '../common/topology/index.js';

export function sample(name: string): Topology {
  return readTopology(JSON.parse(readFileSync(new URL(`../samples/${name}.json`, import.meta.url), 'utf8')));
}
