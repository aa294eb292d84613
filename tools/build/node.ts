/**
 * Bundles the Node-side programs into dist/ with esbuild: the helper, the
 * command line, and Electron's main and preload. One bundle per runtime
 * entry keeps start-up fast and leaves no loose TypeScript to resolve at
 * run time (the helper runs as root from an install path).
 */
import { build, type BuildOptions } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Entry {
  source: string;
  out: string;
  format: 'esm' | 'cjs';
}

const ENTRIES: Entry[] = [
  { source: 'helper/main.ts', out: 'dist/helper.mjs', format: 'esm' },
  { source: 'cli/main.ts', out: 'dist/cli.mjs', format: 'esm' },
  { source: 'app/main/electron.ts', out: 'dist/app/electron.cjs', format: 'cjs' },
  { source: 'app/main/preload.ts', out: 'dist/app/preload.cjs', format: 'cjs' },
];

/** ESM bundles still load CommonJS dependencies that call require(). */
const ESM_REQUIRE_SHIM =
  "import { createRequire as __vnetCreateRequire } from 'node:module'; const require = __vnetCreateRequire(import.meta.url);";

function options(entry: Entry): BuildOptions {
  return {
    absWorkingDir: ROOT,
    entryPoints: [entry.source],
    outfile: entry.out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: entry.format,
    sourcemap: true,
    external: ['electron', '*.node'],
    banner: entry.format === 'esm' ? { js: ESM_REQUIRE_SHIM } : undefined,
    logLevel: 'warning',
  };
}

async function main(): Promise<void> {
  const missing = ENTRIES.filter((e) => !existsSync(ROOT + e.source));
  if (missing.length) throw new Error(`build: missing entry points: ${missing.map((e) => e.source).join(', ')}`);
  await Promise.all(ENTRIES.map((entry) => build(options(entry))));
  console.log(`build: bundled ${ENTRIES.map((e) => e.out).join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
