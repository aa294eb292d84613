import { describe, expect, it } from 'vitest';
import { compact } from './format.js';

describe('compact', () => {
  it('scales by thousands with one decimal below 100', () => {
    expect(compact(0)).toBe('0');
    expect(compact(999)).toBe('999');
    expect(compact(1234)).toBe('1.2k');
    expect(compact(123_456)).toBe('123k');
    expect(compact(5_600_000)).toBe('5.6M');
    expect(compact(2_000_000_000)).toBe('2.0G');
  });
});
