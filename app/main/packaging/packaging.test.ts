/**
 * The package's pieces agree: the deb's system part is the one layout
 * (tools/package/layout.ts) the server deb uses too, every file it takes from
 * the source tree exists, and the module's DKMS version is the same in
 * electron-builder.yml (/usr/src/vnet-<version>), the module script and
 * package.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT, SYSTEM } from '../../../tools/package/layout.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const config = read('electron-builder.yml');
const version = (JSON.parse(read('package.json')) as { version: string }).version;

const mappings = [...config.matchAll(/^ {4}- ([\w./-]+)=(\/[\w./-]+)$/gm)].map(([, from = '', to = '']) => ({
  from,
  to,
}));

describe('packaging', () => {
  it('maps the system part of the shared layout into the deb, as it is', () => {
    expect(mappings).toEqual(expect.arrayContaining(SYSTEM.map(({ from, to }) => ({ from, to }))));
    expect(mappings.map((m) => m.to)).toContain(`/usr/src/vnet-${version}/`);
  });

  it('takes only files that exist in the source tree (or that the build makes)', () => {
    const missing = mappings.filter((m) => !BUILT.includes(m.from) && !existsSync(join(ROOT, m.from)));
    expect(missing).toEqual([]);
  });

  it('uses the one version for DKMS in the config and the module script both debs run', () => {
    expect(read('tools/package/vnet-module')).toContain(`VERSION=${version}\n`);
    expect(read('app/main/packaging/after-install.tpl')).toContain('/usr/lib/vnet/vnet-module install\n');
    expect(read('app/main/packaging/prerm.sh')).toContain('/usr/lib/vnet/vnet-module remove\n');
  });

  it('points the wrapper at the helper where the deb installs it', () => {
    expect(read('helper/vnet-helper')).toContain('/usr/lib/vnet');
    expect(read('helper/polkit/org.vnet.manage.policy')).toContain('/usr/lib/vnet/vnet-helper');
  });
});
