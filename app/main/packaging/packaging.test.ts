/**
 * The package's pieces agree: every file the deb takes from the source tree
 * exists, and the module's DKMS version is the same in electron-builder.yml
 * (/usr/src/vnet-<version>), the maintainer scripts and package.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const config = read('electron-builder.yml');
const version = (JSON.parse(read('package.json')) as { version: string }).version;
/** Built by `npm run build`, not kept in the tree. */
const BUILT = ['dist/helper.mjs', 'native/build/Release/vnet_native.node'];

const mappings = [...config.matchAll(/^ {4}- ([\w./-]+)=(\/[\w./-]+)$/gm)].map(([, from = '', to = '']) => ({
  from,
  to,
}));

describe('packaging', () => {
  it('maps the polkit policy, the helper wrapper, the helper and the module source into the deb', () => {
    expect(mappings.map((m) => m.to)).toEqual(
      expect.arrayContaining([
        '/usr/share/polkit-1/actions/org.vnet.manage.policy',
        '/usr/lib/vnet/vnet-helper',
        '/usr/lib/vnet/helper.mjs',
        `/usr/src/vnet-${version}/`,
      ]),
    );
  });

  it('takes only files that exist in the source tree (or that the build makes)', () => {
    const missing = mappings.filter((m) => !BUILT.includes(m.from) && !existsSync(join(ROOT, m.from)));
    expect(missing).toEqual([]);
  });

  it('uses the one version for DKMS in the config and both maintainer scripts', () => {
    expect(read('app/main/packaging/after-install.tpl')).toContain(`MODULE_VERSION=${version}\n`);
    expect(read('app/main/packaging/prerm.sh')).toContain(`VERSION=${version}\n`);
  });

  it('points the wrapper at the helper where the deb installs it', () => {
    expect(read('helper/vnet-helper')).toContain('/usr/lib/vnet');
    expect(read('helper/polkit/org.vnet.manage.policy')).toContain('/usr/lib/vnet/vnet-helper');
  });
});
