/**
 * `npm run build:native`: node-gyp builds the addon (native/binding.gyp)
 * against Node's headers. Debian's nodejs ships them in /usr/include/node:
 * when they are this very Node's, node-gyp takes them from there
 * (--nodedir=/usr) instead of downloading them, which offline and proxied
 * machines cannot; otherwise it fetches them as it always does.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const SYSTEM_NODEDIR = '/usr';
const SYSTEM_HEADERS = `${SYSTEM_NODEDIR}/include/node`;

/** The version node_version.h of the system's headers names, if they are there with node_api.h. */
export function headersVersion(
  read = (file: string) => readFileSync(`${SYSTEM_HEADERS}/${file}`, 'utf8'),
): string | undefined {
  try {
    read('node_api.h');
    const header = read('node_version.h');
    const part = (name: string) => header.match(new RegExp(`^#define NODE_${name}_VERSION (\\d+)$`, 'm'))?.[1];
    const parts = ['MAJOR', 'MINOR', 'PATCH'].map(part);
    return parts.every((p) => p !== undefined) ? parts.join('.') : undefined;
  } catch {
    return undefined;
  }
}

/** node-gyp's arguments, given the system headers' version (if any) and the running Node's. */
export function nodeGypArgs(systemHeaders: string | undefined, running: string): string[] {
  const nodedir = systemHeaders === running ? [`--nodedir=${SYSTEM_NODEDIR}`] : [];
  return ['rebuild', '--directory=native', ...nodedir];
}

if (process.argv[1] && relative(process.argv[1], import.meta.filename) === '') {
  const args = nodeGypArgs(headersVersion(), process.versions.node);
  if (args.length > 2) console.log(`build:native: Node's headers from ${SYSTEM_HEADERS}`);
  const run = spawnSync('node-gyp', args, { stdio: 'inherit' });
  if (run.error) console.error(`build:native: cannot run node-gyp: ${run.error.message}`);
  process.exitCode = run.status ?? 1;
}
