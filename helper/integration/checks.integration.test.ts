/**
 * checks.run on a real network, every kind passing and failing, over
 * whichever backend the suite runs (netns here, the module in the guests):
 * h1 — r1 — h2, h2 serving tcp/8080 and udp/5353.
 */
import { describe, expect, it } from 'vitest';
import type { Check, CheckInput } from '../../common/checks/schema.js';
import { checkSchema } from '../../common/checks/schema.js';
import { labChecks, scoreLab } from '../../common/lab/score.js';
import { RPC_ERRORS } from '../../common/protocol/helper.js';
import type { TopologyInput } from '../../common/topology/index.js';
import type { HelperClient } from '../client.js';
import { apply, shareHelperInFile, node, refusal, runIn, startHelper, topology, waitFor } from './harness.js';

shareHelperInFile();

const SERVERS = [
  ['socat', 'TCP-LISTEN:8080,fork,reuseaddr', 'EXEC:cat'],
  ['socat', 'UDP4-RECVFROM:5353,fork', 'EXEC:cat'],
];

const network = (lab?: TopologyInput['lab']) =>
  topology({
    name: 'labcore-checks',
    nodes: [node('h1'), node('r1', 'router'), node('h2', 'host', SERVERS)],
    links: [
      { id: 'h1-r1', a: { node: 'h1', address: '10.0.1.2/24' }, b: { node: 'r1', address: '10.0.1.1/24' } },
      {
        id: 'r1-h2',
        a: { node: 'r1', address: '10.0.2.1/24' },
        b: { node: 'h2', address: '10.0.2.2/24' },
        params: { rateBps: 10_000_000 },
      },
    ],
    ...(lab ? { lab } : {}),
  });

const checks = (inputs: CheckInput[]): Check[] => inputs.map((c) => checkSchema.parse(c));

/** A helper running the network, once h2's servers listen. */
async function running(lab?: TopologyInput['lab']): Promise<HelperClient> {
  const helper = startHelper();
  await apply(helper, network(lab));
  const listens = checks([
    { kind: 'listening', node: 'h2', port: 8080 },
    { kind: 'listening', node: 'h2', protocol: 'udp', port: 5353 },
  ]);
  const ready = async () => (await helper.call('checks.run', { checks: listens })).every((o) => o.ok);
  expect(await waitFor(ready)).toBe(true);
  return helper;
}

/** Waits generous enough for a probe's first start in a TCG guest; only a check that gets no answer waits it out. */
async function ask(helper: HelperClient, inputs: CheckInput[], timeoutMs = 5000) {
  return helper.call('checks.run', { checks: checks(inputs), timeoutMs });
}

describe('checks.run', () => {
  it('answers every kind that holds, in order, saying what it found, and changes nothing', async () => {
    const helper = await running();
    // Started by hand, not by the helper: a process of the host all the same.
    await runIn(helper, 'h2', ['sh', '-c', 'sleep 30 >/dev/null 2>&1 &']);
    const { revision } = await helper.call('network.get', {});
    const outcomes = await ask(helper, [
      { kind: 'reachable', from: 'h1', to: 'h2' },
      { kind: 'reachable', from: 'h1', to: 'h2', protocol: 'tcp', port: 8080 },
      { kind: 'reachable', from: 'h1', to: '10.0.2.2', protocol: 'udp', port: 5353 },
      { kind: 'reachable', from: 'h1', to: '10.0.9.9', expect: false },
      { kind: 'address', node: 'h2', interface: 'eth0', address: '10.0.2.2/24' },
      { kind: 'route', node: 'h1', to: 'default', via: '10.0.1.1' },
      { kind: 'route', node: 'r1', to: '10.0.2.0/24' },
      { kind: 'listening', node: 'h2', port: 8080 },
      { kind: 'listening', node: 'h2', protocol: 'udp', port: 5353 },
      { kind: 'process', node: 'h2', program: 'socat' },
      { kind: 'process', node: 'h2', program: 'sleep' },
      { kind: 'command', node: 'h2', argv: ['sh', '-c', 'hostname; exit 3'], expect: { exit: 3, output: '^h2' } },
      { kind: 'link', link: 'r1-h2', up: true, params: { rate: '10Mbit' } },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual(outcomes.map(() => true));
    expect(outcomes.map((o) => o.seen)).toEqual([
      expect.stringMatching(/^reply from 10\.0\.2\.2 in [\d.]+ ms$/),
      'connected to 10.0.2.2 on tcp/8080',
      'answer from 10.0.2.2 on udp/5353',
      expect.stringMatching(/^(no route to 10\.0\.9\.9|no reply from 10\.0\.9\.9 within 5s)$/),
      '10.0.2.2/24 on eth0',
      'default via 10.0.1.1',
      '10.0.2.0/24 dev eth1',
      'something listens on tcp/8080',
      'something listens on udp/5353',
      expect.stringMatching(/^socat runs \(pid \d+(, \d+)*\)$/),
      expect.stringMatching(/^sleep runs/),
      'exited 3: h2',
      'up, rate=10Mbit',
    ]);
    expect((await helper.call('network.get', {})).revision).toBe(revision);
  });

  it('answers every kind that does not hold with what it found instead', async () => {
    const helper = await running();
    const outcomes = await ask(helper, [
      // Its probe's agent (a shell in h2) is no process of h2's for the process check below.
      { kind: 'reachable', from: 'h2', to: 'h1', expect: false },
      { kind: 'reachable', from: 'h1', to: 'h2', expect: false },
      { kind: 'reachable', from: 'h1', to: 'h2', protocol: 'tcp', port: 9 },
      { kind: 'reachable', from: 'h1', to: 'h2', protocol: 'udp', port: 9 },
      { kind: 'address', node: 'h2', address: '10.0.2.9/24' },
      { kind: 'address', node: 'r1', interface: 'eth0', address: '10.0.2.1/24' },
      { kind: 'route', node: 'h1', to: '10.0.9.0/24' },
      { kind: 'route', node: 'h1', to: 'default', via: '10.0.1.9' },
      { kind: 'listening', node: 'h2', port: 81 },
      { kind: 'listening', node: 'h1', protocol: 'udp', port: 53 },
      { kind: 'process', node: 'h2', program: 'nginx' },
      { kind: 'command', node: 'h2', argv: ['sh', '-c', 'echo hello; exit 3'], expect: { exit: 0 } },
      { kind: 'command', node: 'h2', argv: ['no-such-program-here'], expect: { exit: 0 } },
      { kind: 'link', link: 'r1-h2', params: { loss: '5%', rate: '10Mbit' } },
      { kind: 'link', link: 'h1-r1', up: false },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual(outcomes.map(() => false));
    expect(outcomes.map((o) => o.seen)).toEqual([
      expect.stringMatching(/^reply from 10\.0\.1\.2/),
      expect.stringMatching(/^reply from 10\.0\.2\.2/),
      '10.0.2.2 refused the connection on tcp/9: nothing listens there',
      '10.0.2.2 refused udp/9: nothing listens there',
      '10.0.2.2/24 on eth0',
      '10.0.1.1/24 on eth0, 10.0.2.1/24 on eth1',
      'no route to 10.0.9.0/24 (has default via 10.0.1.1, 10.0.1.0/24 dev eth0)',
      'default via 10.0.1.1, not via 10.0.1.9',
      'nothing listens on tcp/81 (listening: tcp/8080)',
      'nothing listens on udp/53',
      'no process named nginx (running: socat)',
      'exit 3, expected 0: hello',
      'could not check: no program no-such-program-here on h2',
      'loss=0%, rate=10Mbit',
      'up',
    ]);
  });

  it('refuses checks naming what the network does not have, before running any', async () => {
    const helper = await running();
    const error = await refusal(
      ask(helper, [
        { kind: 'address', node: 'h1', address: '10.0.1.2/24' },
        { kind: 'reachable', from: 'h9', to: 'h2' },
        { kind: 'link', link: 'h1-h2', up: true },
      ]),
    );
    expect(error.code).toBe(RPC_ERRORS.invalidParams);
    expect(error.message).toBe(
      'checks[1].from: no host or router "h9" in the network\nchecks[2].link: no link "h1-h2" in the network',
    );
  });

  it('fails every check on a crashed node saying so, and its links carry nothing', async () => {
    const helper = await running();
    await helper.call('node.crash', { node: 'h2' });
    const outcomes = await ask(helper, [
      { kind: 'address', node: 'h2', address: '10.0.2.2/24' },
      { kind: 'process', node: 'h2', program: 'socat' },
      { kind: 'link', link: 'r1-h2', up: true },
      { kind: 'reachable', from: 'h1', to: 'h2', protocol: 'tcp', port: 8080, expect: false },
    ]);
    expect(outcomes).toEqual([
      { ok: false, seen: 'h2 has crashed: nothing runs on it until it is restarted' },
      { ok: false, seen: 'h2 has crashed: nothing runs on it until it is restarted' },
      { ok: false, seen: 'up, but an end has crashed' },
      { ok: true, seen: expect.stringMatching(/^(no route to 10\.0\.2\.2|no answer from 10\.0\.2\.2 on tcp\/8080)/) },
    ]);
  });

  it('kills what outlives its wait, and says so', async () => {
    const helper = await running();
    const outcomes = await ask(
      helper,
      [
        { kind: 'command', node: 'h1', argv: ['sleep', '30'], timeout: '300ms', expect: { exit: 0 } },
        // Nobody has 10.0.1.99: the connection waits for an ARP answer that never comes.
        { kind: 'reachable', from: 'h1', to: '10.0.1.99', protocol: 'tcp', port: 80 },
      ],
      500,
    );
    expect(outcomes).toEqual([
      { ok: false, seen: 'still running after 300ms, so killed, printing nothing' },
      { ok: false, seen: 'no answer from 10.0.1.99 on tcp/80 within 500ms' },
    ]);
  });

  it('answers a thousand checks in order', async () => {
    const helper = await running();
    const many: CheckInput[] = Array.from({ length: 1000 }, (_, i) => ({
      kind: 'address',
      node: ['h1', 'r1', 'h2'][i % 3]!,
      address: i % 2 ? '10.0.1.2/24' : '10.0.2.2/24',
    }));
    const outcomes = await ask(helper, many);
    const holds = many.map(
      (c) => c.kind === 'address' && (c.node === 'h1') === (c.address === '10.0.1.2/24') && c.node !== 'r1',
    );
    expect(outcomes.map((o) => o.ok)).toEqual(holds);
  });

  it('scores a lab from its outcomes: a hidden check that fails is not described', async () => {
    const lab: TopologyInput['lab'] = {
      title: 'labcore',
      tasks: [
        {
          title: 'Serve',
          checks: [
            { kind: 'listening', node: 'h2', port: 8080, points: 2 },
            { kind: 'process', node: 'h2', program: 'nginx', hidden: true, hint: 'start nginx' },
          ],
        },
      ],
    };
    const helper = await running(lab);
    const { topology: doc } = await helper.call('network.get', {});
    const score = scoreLab(doc.lab!, await helper.call('checks.run', { checks: labChecks(doc.lab!) }));
    expect(score).toMatchObject({ earned: 2, points: 3 });
    expect(score.tasks[0]!.checks.map((c) => [c.ok, c.title, c.seen])).toEqual([
      [true, 'h2 listens on tcp/8080', 'something listens on tcp/8080'],
      [false, 'hidden check', ''],
    ]);
  });
});
