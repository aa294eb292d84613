/**
 * The wrapper pkexec runs as root: it passes on only the caller's own socket (root: any name in
 * /run/vnet), whatever a group member asks for. Run with a stand-in `node` that says what it got.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const WRAPPER = join(import.meta.dirname, 'vnet-helper');
const bin = mkdtempSync(join(tmpdir(), 'vnet-wrapper-'));
writeFileSync(join(bin, 'node'), '#!/bin/sh\necho "started with: $*"\n');
chmodSync(join(bin, 'node'), 0o755);
afterAll(() => rmSync(bin, { recursive: true }));

function wrapper(caller: string | undefined, args: string[]): { started: boolean; said: string } {
  const env = { PATH: `${bin}:/usr/bin:/bin`, ...(caller !== undefined && { PKEXEC_UID: caller }) };
  const run = spawnSync('sh', [WRAPPER, ...args], { env, encoding: 'utf8' });
  return { started: run.status === 0 && run.stdout.startsWith('started with:'), said: run.stderr };
}

describe('vnet-helper, the wrapper pkexec runs', () => {
  it("starts the helper on the caller's own socket, or with none", () => {
    expect(wrapper('1000', ['--socket', '/run/vnet/user-1000/cli.sock']).started).toBe(true);
    expect(wrapper('1000', []).started).toBe(true);
    expect(wrapper(undefined, ['--socket', '/run/vnet/cli.sock']).started).toBe(true);
    expect(wrapper('0', ['--socket', '/run/vnet/cli-test.sock']).started).toBe(true);
  });

  it("refuses another user's socket, root's, a path out of /run/vnet and any other argument", () => {
    for (const args of [
      ['--socket', '/run/vnet/user-1001/cli.sock'],
      ['--socket', '/run/vnet/cli.sock'],
      ['--socket', '/run/vnet/../etc/shadow'],
      ['--socket', '/run/vnet/.hidden'],
      ['--socket', '/tmp/cli.sock'],
      ['--backend', 'kmod'],
      ['--socket', '/run/vnet/user-1000/cli.sock', '--backend', 'kmod'],
    ]) {
      const run = wrapper('1000', args);
      expect(run.started, args.join(' ')).toBe(false);
      expect(run.said).toContain("caller's UID");
    }
  });
});
