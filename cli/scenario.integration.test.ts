/**
 * `vnet scenario run` through the shared runner (common/scenario/run.ts),
 * beyond what faults.integration.test.ts covers: a seed the backend cannot
 * repeat is said once, and Ctrl+C stops a run with its commands killed, a
 * flapping link left up and the steps not yet due never run.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkStatus, ProcessInfo } from '../common/protocol/helper.js';
import { vnetFor } from './testing.js';

const cli = vnetFor('scenario');
const vnet = cli.run;

const host = (id: string) => ({ id, kind: 'host', name: id, position: { x: 0, y: 0 } });
const DOCUMENT = {
  version: 1,
  // A running network's directory is locked by its name: one no other suite uses.
  name: 'cli scenario suite',
  nodes: [host('a'), host('b'), { id: 'lan', kind: 'switch', name: 'lan', position: { x: 0, y: 0 } }],
  links: [
    { id: 'a-lan', a: { node: 'a', address: '10.0.1.1/24' }, b: { node: 'lan' } },
    { id: 'b-lan', a: { node: 'b', address: '10.0.1.2/24' }, b: { node: 'lan' } },
  ],
};

function file(name: string, content: unknown): string {
  const path = join(cli.scratch, `${name}.json`);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const status = () => JSON.parse(vnet(['status', '--json']).stdout) as NetworkStatus;
const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(() => {
  expect(vnet(['up', file('network', DOCUMENT)]).code).toBe(0);
});

afterAll(() => {
  vnet(['down', '--purge']);
});

describe('vnet scenario run', () => {
  it('seeds the links where the backend can, else says once that only commands get the seed', () => {
    const seeded = file('seeded', {
      seed: 3,
      steps: [
        { at: '0', do: 'link set', link: 'a-lan', params: { loss: '0%' } },
        {
          at: '100ms',
          do: 'exec',
          host: 'a',
          argv: ['sh', '-c', 'echo seed=$VNET_SEED'],
          expect: { output: 'seed=3' },
        },
      ],
    });
    const run = vnet(['scenario', 'run', seeded, '--json']);
    expect(run.code).toBe(0);
    const warnings = run.stderr.match(/the seed reaches commands only/g) ?? [];
    expect(warnings).toHaveLength(status().backend === 'kmod' ? 0 : 1);
    expect(lines(run.stdout).at(-1)).toMatchObject({ event: 'end', passed: true, maxLag: expect.any(Number) });
  });

  it('stops on Ctrl+C: its command killed, the flapping link left up, the later steps never run', async () => {
    const long = file('long', {
      steps: [
        { at: '0', do: 'exec', host: 'a', argv: ['sleep', '600'] },
        { at: '0', do: 'link flap', link: 'a-lan', down: '60s', up: '1s', count: 1 },
        { at: '120s', do: 'node crash', node: 'b' },
      ],
    });
    const run = cli.start(['scenario', 'run', long, '--json'], (line) => {
      const event = JSON.parse(line) as { event: string; up?: boolean };
      if (event.event === 'link' && event.up === false) run.signal('SIGINT');
    });
    const { code, stdout } = await run.done;
    expect(code).toBe(130);
    const events = lines(stdout);
    expect(events.at(-1)).toMatchObject({ event: 'end', stopped: true, passed: false });
    expect(events.filter((e) => e.event === 'step').map((e) => e.index)).toEqual(expect.arrayContaining([0, 1]));
    expect(events.some((e) => e.event === 'step' && e.index === 2)).toBe(false);
    expect(JSON.parse(vnet(['link', 'a-lan', '--json']).stdout)).toMatchObject({ up: true });
    const processes = JSON.parse(vnet(['ps', '--json']).stdout) as ProcessInfo[];
    expect(processes.filter((p) => p.argv[0] === 'sleep')).toEqual([]);
    expect(status().faults.crashed).toEqual([]);
  });
});
