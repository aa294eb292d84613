/**
 * The esbuild bundles of the Node-side programs: the helper, the command
 * line, and Electron's main and preload. One bundle per runtime entry keeps
 * start-up fast and leaves no loose TypeScript to resolve at run time (the
 * helper runs as root from an install path).
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The oldest Node.js the bundles run on: Debian 12's own nodejs (18.19), so
 * that the server deb installs from the distribution's archive alone. Newer
 * syntax is lowered to it; the bundled code calls no API it lacks.
 */
export const BUNDLE_NODE = '18.19';

export interface Entry {
  source: string;
  out: string;
  format: 'esm' | 'cjs';
}

export const ENTRIES: Entry[] = [
  { source: 'helper/main.ts', out: 'dist/helper.mjs', format: 'esm' },
  { source: 'cli/main.ts', out: 'dist/cli.mjs', format: 'esm' },
  { source: 'app/main/electron.ts', out: 'dist/app/electron.cjs', format: 'cjs' },
  { source: 'app/main/preload.ts', out: 'dist/app/preload.cjs', format: 'cjs' },
];

/** ESM bundles still load CommonJS dependencies that call require(). */
const ESM_REQUIRE_SHIM =
  "import { createRequire as __vnetCreateRequire } from 'node:module'; const require = __vnetCreateRequire(import.meta.url);";

/** Bundles one entry (paths relative to the repository). */
export async function bundle(entry: Entry): Promise<void> {
  await build({
    absWorkingDir: ROOT,
    entryPoints: [entry.source],
    outfile: entry.out,
    bundle: true,
    platform: 'node',
    target: `node${BUNDLE_NODE}`,
    format: entry.format,
    sourcemap: true,
    external: ['electron', '*.node'],
    banner: entry.format === 'esm' ? { js: ESM_REQUIRE_SHIM } : undefined,
    logLevel: 'warning',
  });
}
