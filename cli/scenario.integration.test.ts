/**
 * `vnet scenario run` through the shared runner (common/scenario/run.ts),
 * beyond what faults.integration.test.ts covers: a seed the backend cannot
 * repeat is said once, Ctrl+C stops a run with its commands killed, a
 * flapping link left up and the steps not yet due never run, and a
 * document's templates play their steps for each of their nodes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkStatus, ProcessInfo } from '../common/protocol/helper.js';
import { vnetFor } from './testing.js';

const cli = vnetFor('scenario');
const vnet = cli.run;

/** Each host of the network is a peer of the other: it reaches it, and greets with its name and address. */
const PEER = {
  icon: 'P',
  colour: '#2f855a',
  params: {
    peer: { description: 'the host it reaches', required: true },
    greeting: { description: 'what it says', default: 'hello' },
  },
  steps: [
    { at: '0', do: 'check', check: { kind: 'reachable', to: '{param.peer}' } },
    {
      at: '100ms',
      do: 'exec',
      argv: ['sh', '-c', 'echo {param.greeting} from {name} at {address}'],
      expect: { exit: 0, output: 'hello from {name} at {address}' },
    },
  ],
};

const host = (id: string, peer: string) => ({
  id,
  kind: 'host',
  name: id,
  position: { x: 0, y: 0 },
  template: 'peer',
  params: { peer },
});
const DOCUMENT = {
  version: 1,
  // A running network's directory is locked by its name: one no other suite uses.
  name: 'cli scenario suite',
  nodes: [host('a', 'b'), host('b', 'a'), { id: 'lan', kind: 'switch', name: 'lan', position: { x: 0, y: 0 } }],
  links: [
    { id: 'a-lan', a: { node: 'a', address: '10.0.1.1/24' }, b: { node: 'lan' } },
    { id: 'b-lan', a: { node: 'b', address: '10.0.1.2/24' }, b: { node: 'lan' } },
  ],
  templates: { peer: PEER },
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

describe("a document's template steps", () => {
  /** The network's document with a scenario step of its own, b greeting with `greeting`. */
  function templated(name: string, greeting: string): string {
    const nodes = DOCUMENT.nodes.map((n) => (n.id === 'b' ? { ...n, params: { peer: 'a', greeting } } : n));
    const scenario = { steps: [{ at: '50ms', do: 'exec', host: 'a', argv: ['true'] }] };
    return file(name, { ...DOCUMENT, nodes, scenario });
  }

  it("plays each node's in time order with the document's own, each named by its node and template", () => {
    const log = join(cli.scratch, 'templated.log');
    expect(vnet(['scenario', 'validate', templated('templated', 'hello')]).stdout).toContain(
      'valid scenario (5 steps: 1 its own, 4 from its templates)',
    );
    const run = vnet(['scenario', 'run', join(cli.scratch, 'templated.json'), '--log', log]);
    expect(run.code).toBe(0);
    // Each printed as it ends: the commands run beside the schedule, so in any order.
    const printed = run.stdout.split('\n').map((line) => line.replace(/^ *\d+\.\d+s {2}/, ''));
    expect(printed[0]).toBe('scenario: 5 steps');
    expect(printed.slice(1, -2).sort()).toEqual([
      '[0] exec a -- true  ok',
      '[1] a (peer): check a reaches b  ok',
      '[2] a (peer): exec a -- sh -c echo hello from a at 10.0.1.1  ok',
      '[3] b (peer): check b reaches a  ok',
      '[4] b (peer): exec b -- sh -c echo hello from b at 10.0.1.2  ok',
    ]);
    expect(printed.slice(-2)).toEqual(['scenario passed', '']);
    const logged = lines(readFileSync(log, 'utf8'));
    expect(logged.find((e) => e.index === 4)).toMatchObject({
      event: 'step',
      from: { template: 'peer', node: 'b' },
      stdout: 'hello from b at 10.0.1.2\n',
    });
  });

  it("fails the step a node's parameters make fail, naming the node", () => {
    const run = vnet(['scenario', 'run', templated('rude', 'bye')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '[4] b (peer): exec b -- sh -c echo bye from b at 10.0.1.2  FAILED: output does not match /hello from b at 10.0.1.2/',
    );
    expect(run.stdout).toMatch(/\[2\] a \(peer\): exec a .* {2}ok\n/);
    expect(run.stdout).toMatch(/scenario failed: 1 step\(s\)\n$/);
  });
});
