import { describe, expect, it } from 'vitest';
// First, so that this module loading before the topology's schema (which holds a scenario) is tested.
import { STEP_KINDS } from './schema.js';
import { twoHostsOnSwitch } from '../topology/fixture.js';
import { readTopology } from '../topology/index.js';
import { nameProblems, planScenario, readScenario } from './plan.js';

const problems = (input: unknown) => {
  const result = readScenario(input);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
};

const network = twoHostsOnSwitch();

describe('scenarios', () => {
  it('plans the steps in time order with their quantities in document units', () => {
    const result = readScenario({
      seed: 7,
      steps: [
        { at: '5s', do: 'heal' },
        { at: '1.5s', do: 'link set', link: 'a-lan', params: { delay: '50ms', dup: '1%', rate: '10Mbit' }, dir: 'a>b' },
        { at: '2s', do: 'link flap', link: 'b-lan', down: '500ms', up: '1s', count: 3 },
        { at: '0', do: 'partition', groups: [['a'], ['b']], oneway: true },
        { at: '3s', do: 'exec', host: 'a', argv: ['ping', '-c1', 'b'], expect: { exit: 1, output: 'loss' } },
        { at: '5s', do: 'node crash', node: 'b' },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(nameProblems(result.scenario, network)).toEqual([]);
    const plan = planScenario(result.scenario);
    expect(plan.map((s) => [s.atMs, s.index])).toEqual([
      [0, 3],
      [1500, 1],
      [2000, 2],
      [3000, 4],
      [5000, 0],
      [5000, 5],
    ]);
    expect(plan[1]?.action).toEqual({
      do: 'link set',
      link: 'a-lan',
      changes: { delayMs: 50, duplicatePercent: 1, rateBps: 10e6 },
      dir: 'a>b',
    });
    expect(plan[2]?.action).toEqual({ do: 'link flap', link: 'b-lan', downMs: 500, upMs: 1000, count: 3 });
    expect(plan[3]?.action).toMatchObject({ do: 'exec', timeoutMs: 30_000, expect: { exit: 1, output: 'loss' } });
  });

  it('names the field and what is accepted for every mistake', () => {
    expect(problems({ steps: [] })).toEqual(['steps: a scenario needs a step']);
    expect(
      problems({
        steps: [
          { at: '2', do: 'heal' },
          { at: '1s', do: 'explode' },
          { at: '1s', do: 'link set', link: 'l', params: { delay: '50', latency: '1ms', loss: '150%' } },
          { at: '1s', do: 'link set', link: 'l', params: {} },
          { at: '1s', do: 'link flap', link: 'l', down: '1s', up: '1s', count: 0 },
          { at: '1s', do: 'exec', host: 'a', argv: [], expect: {} },
          { at: '1s', do: 'exec', host: 'a', argv: ['x'], expect: { output: '(' } },
          { at: '1s', do: 'heal', extra: 1 },
          { do: 'heal' },
        ],
      }),
    ).toEqual([
      'steps[0].at: at=2: say a unit: 2ms or 0.002s',
      `steps[1].do: must be one of: ${STEP_KINDS.join(', ')}`,
      'steps[2].params.delay: delay=50: say a unit: 50ms or 0.05s',
      'steps[2].params.latency: unknown link parameter "latency": say delay, jitter, loss, duplicate, dup, rate, queue',
      'steps[2].params.loss: loss=150%: loss cannot exceed 100',
      'steps[3].params: say at least one parameter, e.g. { "delay": "50ms" }',
      'steps[4].count: must be 1 or more',
      'steps[5].argv: must name a program to run',
      'steps[5].expect: say an exit code, an output pattern or both',
      'steps[6].expect.output: must be a valid regular expression',
      'steps[7]: Unrecognized key: "extra"',
      'steps[8].at: must be a string such as "50ms"',
    ]);
  });

  it('names the links and nodes a network does not have', () => {
    const result = readScenario({
      steps: [
        { at: '0', do: 'link down', link: 'nope' },
        { at: '0', do: 'node crash', node: 'lan' },
        { at: '0', do: 'partition', groups: [['a'], ['zz']] },
        { at: '0', do: 'exec', host: 'c', argv: ['true'] },
      ],
    });
    if (!result.ok) throw new Error('valid scenario refused');
    expect(nameProblems(result.scenario, network).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'steps[0].link: no link "nope" in the network',
      'steps[1].node: no host or router "lan" in the network',
      'steps[2].groups[1][0]: no host or router "zz" in the network',
      'steps[3].host: no host or router "c" in the network',
    ]);
  });

  it('lives in a topology document too, kept as written', () => {
    const scenario = { steps: [{ at: '1s', do: 'link down', link: 'a-lan' }] };
    const topology = readTopology({ version: 1, nodes: [], links: [], scenario });
    expect(topology.scenario).toEqual(scenario);
  });
});

describe('contributed steps', () => {
  it("are numbered after the scenario's own and played in time order with them, saying where they come from", () => {
    const scenario = { steps: [{ at: '1s', do: 'heal' as const }] };
    const from = { template: 'web-server', node: 'a' };
    const plan = planScenario(scenario, [
      { step: { at: '2s', do: 'node crash', node: 'a' }, from },
      { step: { at: '1s', do: 'exec', host: 'a', argv: ['true'] }, from },
    ]);
    expect(plan.map((s) => [s.atMs, s.index, s.from?.node])).toEqual([
      [1000, 0, undefined],
      [1000, 2, 'a'],
      [2000, 1, 'a'],
    ]);
    expect(plan[1]).toMatchObject({ from, action: { do: 'exec', host: 'a', timeoutMs: 30_000 } });
  });
});
