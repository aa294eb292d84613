/**
 * The server deb's suite (TAP): it builds, lintian finds no error in it
 * (warnings are listed), and in each pinned kernel's guest guest-test.sh
 * installs Debian 12's nodejs (nodejs-debs.ts), then the deb with dpkg -i,
 * runs the seed sample over the module DKMS built (as root, and as two users
 * at once), removes it leaving nothing behind, then does the same without
 * the kernel's headers (the netns backend). Narrow the kernels with arguments:
 * `npx tsx tools/package/test-deb.ts 6.12`; `--host` stops after lintian (what
 * `npm test` runs: DKMS compiling under TCG takes 10 to 20 minutes a guest).
 */
import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';
import { runOnEachKernel } from '../vm/each-kernel.js';
import { buildDeb } from './build-deb.js';
import { ROOT } from './layout.js';
import { nodejsDebs } from './nodejs-debs.js';

/** lintian's tags by severity letter (E, W, I, …), one `X: package: tag [where]` line each. */
function lintian(deb: string): { errors: string[]; warnings: string[] } {
  const run = spawnSync('lintian', ['--no-tag-display-limit', deb], { encoding: 'utf8' });
  if (run.error || (run.status !== 0 && run.status !== 2)) throw new Error(`lintian failed: ${run.stderr}`);
  const tags = run.stdout.split('\n');
  return { errors: tags.filter((t) => t.startsWith('E: ')), warnings: tags.filter((t) => t.startsWith('W: ')) };
}

function hostTests(): string | undefined {
  console.log('1..2');
  let deb: string;
  try {
    deb = buildDeb();
    console.log(`ok 1 - the server deb builds (${relative(ROOT, deb)})`);
  } catch (error) {
    console.log(`not ok 1 - the server deb builds\n${String(error).replace(/^/gm, '# ')}`);
    console.log('not ok 2 - lintian reports no errors (there is no deb to check)');
    return undefined;
  }
  const { errors, warnings } = lintian(deb);
  console.log(`${errors.length ? 'not ok' : 'ok'} 2 - lintian reports no errors`);
  if (errors.length) process.exitCode = 1;
  [...errors, ...warnings].forEach((tag) => console.log(`# ${tag}`));
  return deb;
}

const HOST_ONLY = '--host';
const deb = hostTests();
if (!deb) process.exitCode = 1;
else if (!process.argv.includes(HOST_ONLY)) {
  const nodejs = relative(ROOT, nodejsDebs());
  const guests = await runOnEachKernel(
    {
      what: 'tools/package/guest-test.sh',
      command: () => ['tools/package/guest-test.sh', relative(ROOT, deb), nodejs],
      insmod: false, // DKMS builds and loads it
      modules: ['veth', 'bridge'], // the netns backend's parts, as the other guest suites load them
      env: {},
      reportBuild: false,
      guestTimeoutSeconds: 40 * 60, // per kernel, both at once: DKMS compiles the module under TCG (17 min at load 10)
      sideBySide: true,
    },
    process.argv.slice(2),
  );
  process.exitCode = guests || process.exitCode;
}
