/**
 * `npm run lint`: every checker over its room, reported as TAP so `npm test`
 * counts each as a test. The kernel module's style and W=1 build are checked
 * by kmod/scripts, run here too when present.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

interface Check {
  name: string;
  command: string[];
  /** Only run when this path exists (a room not yet in the tree). */
  when?: string;
}

const CHECKS: Check[] = [
  { name: 'eslint', command: ['npx', 'eslint', '--max-warnings=0', '.'] },
  { name: 'prettier', command: ['npx', 'prettier', '--check', '--log-level=warn', '.'] },
  { name: 'tsc (node side)', command: ['npx', 'tsc', '-p', 'tsconfig.json'] },
  { name: 'tsc (renderer)', command: ['npx', 'tsc', '-p', 'app/renderer/tsconfig.json'] },
  { name: 'kernel style (checkpatch)', command: ['kmod/scripts/checkpatch.sh'], when: 'kmod/scripts/checkpatch.sh' },
];

const active = CHECKS.filter((check) => !check.when || existsSync(check.when));
console.log(`1..${active.length}`);
let failed = 0;
active.forEach((check, i) => {
  const [command = '', ...args] = check.command;
  const run = spawnSync(command, args, { encoding: 'utf8' });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
  if (run.status === 0) {
    console.log(`ok ${i + 1} - ${check.name}`);
  } else {
    failed++;
    console.log(`not ok ${i + 1} - ${check.name}`);
    console.log(output.replace(/^/gm, '# '));
  }
});
process.exitCode = failed ? 1 : 0;
