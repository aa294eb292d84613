/** How a helper is started: one decision for the designer and the command line. */
import { describe, expect, it } from 'vitest';
import { elevationProblem, HELPER_WRAPPER, helperCommand, HelperClient } from './client.js';

describe('helperCommand', () => {
  it('runs the installed wrapper, through pkexec unless root', () => {
    expect(helperCommand('/app/dist/helper.mjs', false, true)).toMatchObject({
      argv: ['pkexec', HELPER_WRAPPER],
      elevated: true,
      installed: true,
    });
    expect(helperCommand('/app/dist/helper.mjs', true, true)).toMatchObject({
      argv: [HELPER_WRAPPER],
      elevated: false,
    });
  });

  it('runs the bundle with this runtime from a source tree, through pkexec unless root', () => {
    expect(helperCommand('/app/dist/helper.mjs', true, false).argv).toEqual([process.execPath, '/app/dist/helper.mjs']);
    expect(helperCommand('/app/dist/helper.mjs', false, false).argv).toEqual([
      'pkexec',
      process.execPath,
      '/app/dist/helper.mjs',
    ]);
  });

  it("gives TypeScript sources this runtime's loader", () => {
    expect(helperCommand('/src/helper/main.ts', true, false).argv).toEqual([
      process.execPath,
      ...process.execArgv,
      '/src/helper/main.ts',
    ]);
  });
});

describe('elevationProblem', () => {
  const checkout = { elevated: true, installed: false };
  const installed = { elevated: true, installed: true };

  it('says what to install or run when pkexec is missing or cannot be run', () => {
    for (const spawnError of ['ENOENT', 'EACCES'])
      expect(elevationProblem(checkout, { spawnError }, 'sudo npm start')).toBe(
        "pkexec, which gives the helper root's rights, is not installed or cannot be run: " +
          'install it (sudo apt install pkexec), or run vnet as root (sudo npm start)',
      );
    // Installed, the package's own way in is the group: running as root is not advised.
    expect(elevationProblem(installed, { spawnError: 'ENOENT' }, 'sudo npm start')).not.toContain('sudo npm start');
  });

  it('tells a user the installed policy does not let in to join group vnet', () => {
    expect(elevationProblem(installed, { exitCode: 127 }, undefined, 'bob')).toBe(
      'you are not allowed to start the helper: ask an administrator to add you to group vnet ' +
        '(sudo adduser bob vnet), then log in again',
    );
  });

  it('from a checkout, says why polkit refused and how to run as root', () => {
    expect(elevationProblem(checkout, { exitCode: 127 }, 'sudo npm start')).toMatch(
      /^polkit refused .*, or run vnet as root \(sudo npm start\)$/,
    );
    expect(elevationProblem(checkout, { exitCode: 126 })).toBe(
      'the password prompt for the helper was dismissed: try again, or run vnet as root (with sudo)',
    );
  });

  it("leaves failures that are not pkexec's to the caller", () => {
    expect(elevationProblem({ elevated: false, installed: true }, { exitCode: 127 })).toBeUndefined();
    expect(elevationProblem(checkout, { exitCode: 1 })).toBeUndefined();
    expect(elevationProblem(checkout, { spawnError: 'E2BIG' })).toBeUndefined();
  });
});

describe('HelperClient.start', () => {
  it('closes, failing pending calls, when its command cannot be spawned', async () => {
    const client = HelperClient.start({ command: ['/nonexistent/vnet-helper'] });
    const closed = new Promise<string>((resolve) => client.on('close', resolve));
    await expect(client.call('helper.version', {})).rejects.toThrow('cannot start the helper');
    expect(await closed).toContain('cannot start the helper');
  });
});
