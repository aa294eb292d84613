/** `npm run build:node`: every Node-side bundle into dist/ (bundles.ts). */
import { existsSync } from 'node:fs';
import { bundle, ENTRIES, ROOT } from './bundles.js';

async function main(): Promise<void> {
  const missing = ENTRIES.filter((e) => !existsSync(ROOT + e.source));
  if (missing.length) throw new Error(`build: missing entry points: ${missing.map((e) => e.source).join(', ')}`);
  await Promise.all(ENTRIES.map(bundle));
  console.log(`build: bundled ${ENTRIES.map((e) => e.out).join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
