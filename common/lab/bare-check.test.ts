import { describe, expect, it } from 'vitest';
import { checkSchema } from '../checks/schema.js';
import { gradedCheckSchema } from './schema.js';
import { bareCheck } from './score.js';

describe('bareCheck', () => {
  it('gives what checks.run accepts: the check without the lab’s title, points, hint and hidden', () => {
    const graded = gradedCheckSchema.parse({
      kind: 'route',
      node: 'r1',
      to: '10.0.2.0/24',
      title: 'r1 knows the far LAN',
      points: 3,
      hint: 'ip route add',
      hidden: true,
    });
    expect(checkSchema.safeParse(graded).success).toBe(false);
    expect(checkSchema.parse(bareCheck(graded))).toEqual({ kind: 'route', node: 'r1', to: '10.0.2.0/24' });
  });
});
