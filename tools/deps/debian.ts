/**
 * Debian packages the tests need. As root, missing ones are installed
 * (adding bookworm-backports for the pinned 6.12 test kernel); otherwise the
 * caller gets the exact apt-get line to run.
 */
import { execFileSync, spawnSync, type StdioOptions } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';

const BACKPORTS_SOURCE = '/etc/apt/sources.list.d/vnet-backports.sources';
const BACKPORTS_ENTRY = `Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
`;

export const isRoot = (): boolean => process.getuid?.() === 0;

export function missingDebs(packages: readonly string[]): string[] {
  return [...new Set(packages)].filter((pkg) => {
    const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    return query.status !== 0 || !query.stdout.includes('install ok installed');
  });
}

/** Backported packages (the 6.12 test kernel) need bookworm-backports among the sources first. */
const fromBackports = (pkg: string) => /-6\.12\./.test(pkg);

export function aptGetLine(packages: readonly string[]): string {
  const install = `sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  if (!packages.some(fromBackports)) return install;
  return `printf '${BACKPORTS_ENTRY.replaceAll('\n', '\\n')}' | sudo tee ${BACKPORTS_SOURCE} && sudo apt-get update && ${install}`;
}

function ensureBackports(): void {
  if (!existsSync(BACKPORTS_SOURCE)) writeFileSync(BACKPORTS_SOURCE, BACKPORTS_ENTRY);
}

/** Installs what is missing (root only); returns the packages it installed. */
export function installDebs(packages: readonly string[]): string[] {
  const missing = missingDebs(packages);
  if (missing.length === 0) return [];
  if (!isRoot()) throw new Error(`missing Debian packages; run: ${aptGetLine(missing)}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const stdio: StdioOptions = ['ignore', 'inherit', 'inherit'];
  console.log(`deps: installing ${missing.join(' ')}`);
  ensureBackports();
  execFileSync('apt-get', ['update', '-q'], { env, stdio });
  execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env, stdio });
  return missing;
}
