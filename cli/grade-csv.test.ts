import { describe, expect, it } from 'vitest';
import { labSchema } from '../common/lab/schema.js';
import { scoreLab } from '../common/lab/score.js';
import { gradeCsv } from './grade-csv.js';

const lab = labSchema.parse({
  title: 'routes',
  tasks: [
    { title: 'Routes, static', checks: [{ kind: 'route', node: 'r1', to: 'default', points: 2 }] },
    {
      title: 'Reach',
      checks: [
        { kind: 'reachable', from: 'h1', to: 'h2' },
        { kind: 'command', node: 'h1', argv: ['true'], expect: { exit: 0 }, title: 'says "hi"' },
      ],
    },
  ],
});

describe('vnet grade CSV', () => {
  it('has a column per task, a row per submission, quotes what needs it, and says why one was not graded', () => {
    const long = `exit 1; output: ${'x'.repeat(100)}`;
    const rows = [
      {
        file: 'alice.json',
        score: scoreLab(
          lab,
          [0, 1, 2].map(() => ({ ok: true, seen: '' })),
        ),
      },
      {
        file: 'bob, jr.json',
        score: scoreLab(lab, [
          { ok: true, seen: '' },
          { ok: false, seen: 'no reply from 10.0.2.10 in 2s' },
          { ok: false, seen: long },
        ]),
      },
      { file: '=cmd.json', error: 'not a valid vnet topology: not valid JSON: Unexpected end of JSON input' },
    ];
    expect(gradeCsv(lab, rows)).toBe(
      [
        'file,"Routes, static",Reach,total,max,percent,failures',
        'alice.json,2,2,4,4,100,',
        `"bob, jr.json",2,0,2,4,50,"h1 reaches h2 (no reply from 10.0.2.10 in 2s); says ""hi"" (${long.slice(0, 79)}…)"`,
        "'=cmd.json,,,,4,,not a valid vnet topology: not valid JSON: Unexpected end of JSON input",
        '',
      ].join('\n'),
    );
  });
});
