/**
 * Debian 12's own nodejs, with the packages it pulls in, as .debs for the
 * package test's guest. The guest shares this machine's root, whose Node may
 * be newer and from elsewhere; installing these first there makes the server
 * deb's `nodejs` dependency met as on a fresh Debian system. Downloaded once
 * by apt-get on this machine (the guest has no network).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_NODE } from '../build/bundles.js';
import { ROOT } from './layout.js';

const CACHE = join(ROOT, '.cache/package');
const MAJOR = BUNDLE_NODE.split('.')[0] ?? '';

function apt(args: string[], cwd = ROOT): string {
  return execFileSync(args[0] ?? '', args.slice(1), { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The newest nodejs of the bundles' major version that apt's sources offer: Debian 12's own. */
function debianNodejsVersion(): string {
  const versions = apt(['apt-cache', 'madison', 'nodejs']).split('\n');
  const version = versions.map((line) => line.split('|')[1]?.trim() ?? '').find((v) => v.startsWith(`${MAJOR}.`));
  if (!version) throw new Error(`apt's sources offer no nodejs ${MAJOR} (Debian 12's): run apt-get update`);
  return version;
}

/** name=version of nodejs and each package installing it would add or change here (Recommends left out). */
function nodejsClosure(version: string): string[] {
  const plan = apt(['apt-get', 'install', '--simulate', '--no-install-recommends', `nodejs=${version}`]);
  return [...plan.matchAll(/^Inst (\S+) (?:\[\S+\] )?\((\S+)/gm)].map(([, name, v]) => `${name}=${v}`);
}

/** The directory holding the .debs (downloaded unless already there); throws saying what failed. */
export function nodejsDebs(): string {
  try {
    const version = debianNodejsVersion();
    const dir = join(CACHE, `nodejs-${version}`);
    if (existsSync(dir)) return dir;
    mkdirSync(CACHE, { recursive: true });
    const partial = mkdtempSync(join(CACHE, 'nodejs-download-'));
    try {
      apt(['apt-get', 'download', ...nodejsClosure(version)], partial);
      if (!readdirSync(partial).some((f) => f.startsWith('nodejs_'))) throw new Error('apt-get downloaded no nodejs');
      renameSync(partial, dir);
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
    return dir;
  } catch (error) {
    const said = (error as { stderr?: string }).stderr?.trim() || String(error);
    throw new Error(`Debian's nodejs could not be downloaded for the guest: ${said}`, { cause: error });
  }
}
