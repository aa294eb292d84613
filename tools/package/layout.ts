/**
 * What goes where in an installed vnet, defined once. SYSTEM is the part both
 * packages ship (the desktop deb of electron-builder.yml, whose mappings
 * app/main/packaging/packaging.test.ts holds to this list, and the server deb
 * of build-deb.ts); SERVER adds the command line, web mode and docs.
 * /usr/lib/vnet mirrors the repository's own layout where code looks files up
 * from where it runs: the addon under native/build/Release (native/binding.ts),
 * the app root's package.json, dist/renderer and samples (app/main/resources.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
/** The package's and the module's (DKMS) version: package.json's. */
export const VERSION = pkg.version;

export const LIB = '/usr/lib/vnet';
export const MODULE_SOURCE = `/usr/src/vnet-${VERSION}`;

export interface Placement {
  /** A file, or a directory taken whole (or only the files `only` matches, by path inside it). */
  from: string;
  /** Absolute installed path. */
  to: string;
  /** Programs are 0755, everything else 0644. */
  executable?: boolean;
  only?: RegExp;
}

/** Polkit's action and rules (group vnet), the root-owned helper and its addon, the module for DKMS: what the system needs. */
export const SYSTEM: Placement[] = [
  { from: 'helper/polkit/org.vnet.manage.policy', to: '/usr/share/polkit-1/actions/org.vnet.manage.policy' },
  { from: 'helper/polkit/org.vnet.manage.rules', to: '/usr/share/polkit-1/rules.d/org.vnet.manage.rules' },
  { from: 'helper/vnet-helper', to: `${LIB}/vnet-helper`, executable: true },
  { from: 'dist/helper.mjs', to: `${LIB}/helper.mjs` },
  { from: 'native/build/Release/vnet_native.node', to: `${LIB}/native/build/Release/vnet_native.node` },
  { from: 'tools/package/vnet-module', to: `${LIB}/vnet-module`, executable: true },
  // What DKMS builds: the sources, Kbuild and dkms.conf (not the developers' tests, tools and outputs).
  { from: 'kmod/', to: `${MODULE_SOURCE}/`, only: /^(Kbuild|dkms\.conf|[\w-]+\.[ch]|include\/uapi\/linux\/vnet\.h)$/ },
];

/** The server deb's own part: `vnet` with web mode, the samples, the man page and the README. */
export const SERVER: Placement[] = [
  { from: 'tools/package/vnet', to: '/usr/bin/vnet', executable: true },
  { from: 'tools/package/vnet.tmpfiles', to: '/usr/lib/tmpfiles.d/vnet.conf' },
  { from: 'dist/cli.mjs', to: `${LIB}/cli.mjs` },
  { from: 'dist/renderer/', to: `${LIB}/dist/renderer/` },
  { from: 'samples/', to: `${LIB}/samples/`, only: /\.(json|c|h)$/ },
  { from: 'README.md', to: '/usr/share/doc/vnet-server/README.md' },
];

/** Files the build makes (`npm run build`), not kept in the tree. */
export const BUILT = ['dist/helper.mjs', 'dist/cli.mjs', 'dist/renderer/', 'native/build/Release/vnet_native.node'];
