import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commands.js';
import { bashCompletion } from './completion.js';
import { MAN_PAGE_PATH, manPage } from './help.js';

const script = bashCompletion(COMMANDS);
const scratch = mkdtempSync(join(tmpdir(), 'vnet-completion-'));

/** What bash offers for `line` (the cursor at its end), with the script loaded as a user would. */
function complete(line: string): string[] {
  const run = spawnSync(
    'bash',
    ['-c', 'eval "$(cat)"; COMP_LINE=$1; COMP_POINT=${#1}; _vnet; printf "%s\\n" "${COMPREPLY[@]}"', 'bash', line],
    { input: script, encoding: 'utf8', cwd: scratch },
  );
  expect(run.stderr).toBe('');
  return run.stdout.split('\n').filter(Boolean).sort();
}

describe('the man page', () => {
  it('is the one the table of commands writes (npm run build:man)', () => {
    expect(readFileSync(MAN_PAGE_PATH, 'utf8')).toBe(manPage(COMMANDS));
  });

  it('has every command and option', () => {
    const page = manPage(COMMANDS);
    for (const command of COMMANDS) {
      expect(page).toContain(`.SS ${command.name}\n`);
      // A one-letter alias comes first: .B \-o, \-\-output OUT
      for (const option of Object.keys(command.options))
        expect(page).toMatch(new RegExp(`\\.B (\\\\-\\w, )?\\\\-\\\\-${option}\\b`));
    }
  });
});

describe('bash completion', () => {
  it('completes command names, and each command its options', () => {
    expect(complete('vnet ')).toEqual([...COMMANDS.map((c) => c.name), '--help'].sort());
    expect(complete('vnet li')).toEqual(['link']);
    for (const command of COMMANDS)
      expect(complete(`vnet ${command.name} --`)).toEqual(
        [...Object.keys(command.options).map((o) => `--${o}`), '--help'].sort(),
      );
  });

  it('completes actions, option values and link parameters in their places', () => {
    expect(complete('vnet link l1 ')).toEqual(['down', 'flap', 'set', 'up']);
    expect(complete('vnet link l1 set d')).toEqual(['delay=', 'dup=', 'duplicate=']);
    expect(complete('vnet link l1 set delay=5ms lo')).toEqual(['loss=']);
    expect(complete('vnet link l1 set --dir ')).toEqual(['a\\>b', 'b\\>a']);
    expect(complete('vnet link l1 flap --count ')).toEqual([]);
    expect(complete('vnet node h1 ')).toEqual(['crash', 'restart']);
    expect(complete('vnet scenario ')).toEqual(['run', 'validate']);
    expect(complete('vnet up --backend ')).toEqual(['kmod', 'netns']);
    expect(complete('vnet help sta')).toEqual(['stats', 'status']);
    expect(complete('vnet completion ')).toEqual(['bash']);
    expect(complete('vnet lab ')).toEqual(['show', 'student']);
  });

  it('completes files where a command takes one, and programs after exec --', () => {
    writeFileSync(join(scratch, 'lab.json'), '{}');
    expect(complete('vnet up la')).toEqual(['lab.json']);
    expect(complete('vnet scenario run --log x lab')).toEqual(['lab.json']);
    expect(complete('vnet grade lab.json alice.json la')).toEqual(['lab.json']);
    expect(complete('vnet lab student lab.json -o la')).toEqual(['lab.json']);
    expect(complete('vnet exec h1 -- bas')).toContain('bash');
  });
});
