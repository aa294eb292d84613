/**
 * A fresh checkout installs offline for a user who is not root (TAP): the
 * repository's tracked files, owned by that user, `npm ci --offline` with a
 * copy of root's npm cache and every proxy pointing nowhere, so that any
 * download fails. The addon must then have been built against the system's
 * Node headers (tools/build/native.ts); where /usr/include/node does not hold
 * this Node's, that check is skipped, saying why.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { headersVersion } from '../build/native.js';
import { ROOT } from '../package/layout.js';
import { asUser, nonRootUser } from './nonroot-user.js';

/** A proxy nothing listens on. */
const NOWHERE = 'http://127.0.0.1:9';
const ADDON = 'native/build/Release/vnet_native.node';

function tracked(into: string): void {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files.filter((f) => existsSync(join(ROOT, f))))
    cpSync(join(ROOT, file), join(into, file), { recursive: true });
}

function report(passed: boolean, line: string): void {
  console.log(`${passed ? 'ok' : 'not ok'} ${line}`);
  if (!passed) process.exitCode = 1;
}

console.log('1..2');
const user = nonRootUser();
const base = mkdtempSync(join(tmpdir(), 'vnet-offline-'));
try {
  const home = join(base, 'home');
  const checkout = join(base, 'vnet');
  mkdirSync(checkout, { recursive: true });
  tracked(checkout);
  // Wherever this npm keeps its cache (npm_config_cache or ~/.npm): the install before npm test filled it.
  const cache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
  cpSync(join(cache, '_cacache'), join(home, '.npm/_cacache'), { recursive: true });
  execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, base]);
  const env = [
    `PATH=${dirname(process.execPath)}:/usr/bin:/bin`,
    `HOME=${home}`,
    ...['http_proxy', 'https_proxy', 'npm_config_proxy', 'npm_config_https_proxy'].map((v) => `${v}=${NOWHERE}`),
  ];
  const [program = '', ...prefix] = asUser(user);
  const run = spawnSync(program, [...prefix, 'env', '-i', ...env, 'npm', 'ci', '--offline'], {
    cwd: checkout,
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  const output = `${run.stdout}${run.stderr}`;
  const installed = run.status === 0 && existsSync(join(checkout, ADDON));
  report(installed, `1 - npm ci --offline as ${user.name} on a fresh checkout builds everything`);
  if (!installed) console.log(output.replace(/^/gm, '# '));
  const system = headersVersion();
  if (system === process.versions.node)
    report(
      output.includes("build:native: Node's headers from /usr/include/node"),
      '2 - the addon was built against /usr/include/node, nothing downloaded',
    );
  else console.log(`ok 2 # SKIP /usr/include/node holds no headers of Node ${process.versions.node}`);
} finally {
  rmSync(base, { recursive: true, force: true });
}
