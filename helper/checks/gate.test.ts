import { describe, expect, it } from 'vitest';
import { Gate } from './gate.js';

describe('Gate', () => {
  it('runs at most its limit at once, all of them in the end, in order, failures included', async () => {
    const gate = new Gate(3);
    let now = 0;
    let most = 0;
    const started: number[] = [];
    const work = (i: number) =>
      gate.pass(async () => {
        started.push(i);
        most = Math.max(most, ++now);
        await new Promise((resolve) => setImmediate(resolve));
        now--;
        if (i % 4 === 0) throw new Error(`work ${i}`);
        return i;
      });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => work(i)));
    expect(most).toBe(3);
    expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(15);
    expect(now).toBe(0);
  });
});
