import { describe, expect, it } from 'vitest';
import { requestParams } from '../protocol/helper.js';
import { labSchema } from './schema.js';
import { labChecks, scoreLab } from './score.js';

const lab = labSchema.parse({
  title: 'Two checks',
  tasks: [
    { title: 'Reach', checks: [{ kind: 'reachable', from: 'h1', to: 'h2', title: 'h1 pings h2', points: 2 }] },
    { title: 'Serve', checks: [{ kind: 'listening', node: 'h2', port: 80, hint: 'start nginx', hidden: true }] },
  ],
});

describe('labChecks', () => {
  it('gives the checks in order without their grading, as checks.run takes them', () => {
    const checks = labChecks(lab);
    expect(checks).toEqual([
      { kind: 'reachable', from: 'h1', to: 'h2', protocol: 'icmp', expect: true },
      { kind: 'listening', node: 'h2', protocol: 'tcp', port: 80 },
    ]);
    expect(requestParams['checks.run'].safeParse({ checks }).success).toBe(true);
  });

  it('scores what checks.run answers, hiding a hidden check that fails', () => {
    const score = scoreLab(lab, [
      { ok: true, seen: 'reply from 10.0.2.2 in 0.1 ms' },
      { ok: false, seen: 'nothing listens on tcp/80' },
    ]);
    expect(score).toMatchObject({ earned: 2, points: 3, percent: 66 });
    expect(score.tasks[1]!.checks[0]).toMatchObject({ title: 'hidden check', seen: '', hint: 'start nginx' });
  });
});
