/**
 * Where the app's files are: the built renderer, the bundled samples and the
 * helper. Everything is found from the application root (the directory of
 * vnet's package.json), so the same code works from the source tree, from
 * dist/ bundles and from a packaged app.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface AppPaths {
  root: string;
  renderer: string;
  samples: string;
  helperBundle: string;
}

function isVnetRoot(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'vnet';
  } catch {
    return false;
  }
}

/** Walks up from a file or directory to the directory holding vnet's package.json. */
export function findAppRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (isVnetRoot(dir)) return dir;
    if (dirname(dir) === dir) throw new Error(`Cannot find vnet's package.json above ${from}`);
  }
}

export function appPaths(root: string): AppPaths {
  return {
    root,
    renderer: join(root, 'dist', 'renderer'),
    samples: join(root, 'samples'),
    helperBundle: join(root, 'dist', 'helper.mjs'),
  };
}

export function requireBuiltRenderer(paths: AppPaths): void {
  if (!existsSync(join(paths.renderer, 'index.html'))) {
    throw new Error(`The designer is not built (${paths.renderer}/index.html is missing): run \`npm run build\`.`);
  }
}
