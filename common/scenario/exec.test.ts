import { constants } from 'node:os';
import { describe, expect, it } from 'vitest';
import { exitCode } from './exec.js';

/** Second names of a number Node lists (it reports a signal by its first). */
const ALIASES = new Set(['SIGIOT', 'SIGPOLL', 'SIGUNUSED']);

describe('a command run in a host', () => {
  it('exits with its own code, or 128 + the number of the signal that ended it, as a shell says', () => {
    expect(exitCode({ code: 3, signal: null })).toBe(3);
    const standard = Object.entries(constants.signals).filter(([name, n]) => n < 32 && !ALIASES.has(name));
    expect(standard.length).toBeGreaterThan(30);
    for (const [signal, number] of standard)
      expect([signal, exitCode({ code: null, signal })]).toEqual([signal, 128 + number]);
  });
});
