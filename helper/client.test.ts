/** How a helper is started: one decision for the designer and the command line. */
import { describe, expect, it } from 'vitest';
import { HELPER_WRAPPER, helperCommand } from './client.js';

describe('helperCommand', () => {
  it('runs the installed wrapper, through pkexec unless root', () => {
    expect(helperCommand('/app/dist/helper.mjs', false, true).argv).toEqual(['pkexec', HELPER_WRAPPER]);
    expect(helperCommand('/app/dist/helper.mjs', true, true).argv).toEqual([HELPER_WRAPPER]);
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
