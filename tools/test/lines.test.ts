import { describe, expect, it } from 'vitest';
import { lineLabeller } from './lines.js';

describe('line labels', () => {
  it('passes whole lines on, labelled, wherever the chunks split them, and the rest at flush', () => {
    const label = lineLabeller('[a] ');
    expect(label.push('one\ntw')).toBe('[a] one\n');
    expect(label.push('o\n\nthr')).toBe('[a] two\n[a] \n');
    expect(label.flush()).toBe('[a] thr\n');
    expect(label.flush()).toBe('');
  });
});
