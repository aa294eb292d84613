/**
 * `npm run package`: the server deb, release/vnet-server_<version>_amd64.deb,
 * laid out by layout.ts and built by dpkg-deb (Debian's own tool, on every
 * Debian machine, no Electron needed). Library dependencies come from
 * dpkg-shlibdeps, as debhelper would compute them. Run after `npm run build`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { controlFile, copyright, changelog, DEB_VERSION, maintainerScripts, PACKAGE } from './debian.js';
import { BUILT, LIB, ROOT, SERVER, SYSTEM, VERSION, type Placement } from './layout.js';

const ADDON = `${LIB}/native/build/Release/vnet_native.node`;
export const DEB_PATH = join(ROOT, 'release', `${PACKAGE}_${DEB_VERSION}_amd64.deb`);

function run(command: string, args: string[], cwd = ROOT): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function writeFile(path: string, content: string | Buffer, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  writeFileSync(path, content);
  chmodSync(path, mode);
}

/** Every file under dir, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => statSync(join(dir, p)).isFile());
}

function place(stage: string, { from, to, executable, only }: Placement): void {
  const source = join(ROOT, from);
  const mode = executable ? 0o755 : 0o644;
  if (!from.endsWith('/')) return writeFile(join(stage, to), readFileSync(source), mode);
  for (const file of filesUnder(source).filter((p) => !only || only.test(p)))
    writeFile(join(stage, to, file), readFileSync(join(source, file)), mode);
}

/** dpkg-shlibdeps wants a debian/control beside it; the addon's libraries (libc6, libbpf1) come out. */
function libraryDepends(addon: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vnet-shlibdeps-'));
  try {
    mkdirSync(join(dir, 'debian'));
    writeFileSync(join(dir, 'debian/control'), `Source: ${PACKAGE}\n\nPackage: ${PACKAGE}\nArchitecture: any\n`);
    const out = run('dpkg-shlibdeps', ['-O', '--warnings=0', `-e${addon}`], dir);
    return out.replace(/^shlibs:Depends=/, '').trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function md5sums(stage: string): string {
  return filesUnder(stage)
    .filter((p) => !p.startsWith('DEBIAN/'))
    .sort()
    .map(
      (p) =>
        `${createHash('md5')
          .update(readFileSync(join(stage, p)))
          .digest('hex')}  ${p}\n`,
    )
    .join('');
}

function installedSizeKiB(stage: string): number {
  return filesUnder(stage).reduce((sum, p) => sum + Math.ceil(statSync(join(stage, p)).size / 1024), 0);
}

/** Builds the deb; returns its path. */
export function buildDeb(): string {
  const missing = BUILT.filter((p) => !existsSync(join(ROOT, p)));
  if (missing.length) throw new Error(`package: ${missing.join(', ')} not built: run \`npm run build\` first`);
  const stage = mkdtempSync(join(tmpdir(), 'vnet-deb-'));
  chmodSync(stage, 0o755); // the package's root directory
  try {
    [...SYSTEM, ...SERVER].forEach((p) => place(stage, p));
    // The app root that the command line finds its renderer, samples and templates from (app/main/resources.ts).
    writeFile(
      join(stage, LIB, 'package.json'),
      `${JSON.stringify({ name: 'vnet', version: VERSION, type: 'module' })}\n`,
    );
    writeFile(
      join(stage, 'usr/share/man/man1/vnet.1.gz'),
      gzipSync(readFileSync(join(ROOT, 'cli/vnet.1')), { level: 9 }),
    );
    writeFile(join(stage, `usr/share/doc/${PACKAGE}/copyright`), copyright());
    writeFile(join(stage, `usr/share/doc/${PACKAGE}/changelog.Debian.gz`), gzipSync(changelog(), { level: 9 }));
    run('strip', ['--strip-unneeded', '--remove-section=.comment', '--remove-section=.note', join(stage, ADDON)]);
    const depends = libraryDepends(join(stage, ADDON));
    for (const [name, text] of Object.entries(maintainerScripts)) writeFile(join(stage, 'DEBIAN', name), text, 0o755);
    writeFile(join(stage, 'DEBIAN/md5sums'), md5sums(stage));
    writeFile(join(stage, 'DEBIAN/control'), controlFile(depends, installedSizeKiB(stage)));
    mkdirSync(dirname(DEB_PATH), { recursive: true });
    run('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', stage, DEB_PATH]);
    return DEB_PATH;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && relative(process.argv[1], import.meta.filename) === '') {
  try {
    console.log(`package: built ${relative(ROOT, buildDeb())}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
