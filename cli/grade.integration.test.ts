/**
 * `vnet grade` of the static-routes lab (samples/labs/) over six
 * submissions, two at a time: three that run (all routes, the hosts' only,
 * a network without h2), one whose r1 routes a wrong prefix, a broken file
 * and a network that cannot start; the CSV compared whole.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Topology, TopologyNode } from '../common/topology/index.js';
import { SAMPLES, vnetFor } from './testing.js';

const cli = vnetFor('lab-grade');
const { scratch } = cli;

const lab = readFileSync(join(SAMPLES, 'labs', 'static-routes.json'), 'utf8');
const teacher = JSON.parse(lab) as Topology;

/** The teacher's network with each node's processes as `routes` says (none when absent). */
function withRoutes(routes: Record<string, string[]>): Topology {
  const nodes = teacher.nodes.map((node): TopologyNode => {
    const { processes: _answer, ...rest } = node;
    const route = routes[node.id];
    return route ? { ...rest, processes: [{ argv: ['ip', 'route', 'add', ...route] }] } : rest;
  });
  return { ...teacher, nodes };
}

function submit(name: string, content: string | Topology): string {
  const path = join(scratch, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const hostRoutes = { h1: ['default', 'via', '10.0.1.1'], h2: ['default', 'via', '10.0.2.1'] };
const { lab: _lab, ...withoutLab } = withRoutes({ h1: hostRoutes.h1 });
const submissions = [
  submit('alice.json', teacher),
  submit('bob.json', withRoutes(hostRoutes)),
  submit('carol.json', {
    ...withoutLab,
    nodes: withoutLab.nodes.filter((n) => n.id !== 'h2'),
    links: withoutLab.links.filter((l) => l.b.node !== 'h2'),
  }),
  submit(
    'dave.json',
    withRoutes({ ...hostRoutes, r1: ['10.0.3.0/24', 'via', '10.0.12.2'], r2: ['10.0.1.0/24', 'via', '10.0.12.1'] }),
  ),
  submit('erin.json', lab.slice(0, 200)),
  submit('frank.json', {
    ...teacher,
    nodes: teacher.nodes.map((n) => (n.id === 'h1' ? { ...n, privateDirs: ['/var/lib/vnet-lab-cli-nowhere'] } : n)),
  }),
];

describe('vnet grade', () => {
  it('writes one row per submission: points per task, failures, or why it was not graded', () => {
    const csv = join(scratch, 'grades.csv');
    const labFile = submit('lab.json', lab);
    const result = cli.run(['grade', labFile, ...submissions, '--csv', csv, '--parallel', '2', '--settle', '2s']);
    const [alice, bob, carol, dave, erin, frank] = submissions;
    const r1 = 'r1 has a route to 10.0.2.0/24 via 10.0.12.2';
    const r2 = 'r2 has a route to 10.0.1.0/24 via 10.0.12.1';
    const noH2 = 'no host or router ""h2"" in the network';
    const expected = [
      'file,Default routes on the hosts,Routes between the routers,End to end,total,max,percent,failures',
      `${alice},2,4,3,9,9,100,`,
      `${bob},2,0,0,2,9,22,"${[
        `${r1} (no route to 10.0.2.0/24 (has 10.0.1.0/24 dev eth0, 10.0.12.0/24 dev eth1))`,
        `${r2} (no route to 10.0.1.0/24 (has 10.0.2.0/24 dev eth0, 10.0.12.0/24 dev eth1))`,
        'h1 reaches h2 (no route to 10.0.2.10)',
        'h2 reaches r1 (no route to 10.0.1.1)',
      ].join('; ')}"`,
      `${carol},1,0,0,1,9,11,"${[
        `h2 has a default route via 10.0.2.1 (${noH2})`,
        `${r1} (no route to 10.0.2.0/24 (has 10.0.1.0/24 dev eth0, 10.0.12.0/24 dev eth1))`,
        `${r2} (no route to 10.0.1.0/24 (has 10.0.2.0/24 dev eth0, 10.0.12.0/24 dev eth1))`,
        `h1 reaches h2 (${noH2})`,
        `h2 reaches r1 (${noH2})`,
      ].join('; ')}"`,
      `${dave},2,2,0,4,9,44,"${[
        `${r1} (no route to 10.0.2.0/24 (has 10.0.1.0/24 dev eth0, 10.0.3.0/24 via 10.0.12.2, 1…)`,
        'h1 reaches h2 (no route to 10.0.2.10)',
        'h2 reaches r1 (no reply from 10.0.1.1 within 2s)',
      ].join('; ')}"`,
      `${erin},,,,,9,,not a valid vnet topology: not valid JSON: Unexpected end of JSON input`,
      `${frank},,,,,9,,the helper could not apply the document: host h1: private directory /var/lib/vnet-lab-cli-nowhere does not exist on this machine`,
      '',
    ];
    // Row by row, so that a failure names whose row differs.
    const rows = readFileSync(csv, 'utf8').split('\n');
    const names = ['header', ...submissions.map((file) => basename(file)), 'end'];
    expect(rows.length).toBe(expected.length);
    rows.forEach((row, i) => expect(row, names[i]).toBe(expected[i]));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`[6/6] `);
    // Every network was removed with its directory.
    const state = join(process.env.HOME ?? '/root', '.local/state/vnet');
    expect(existsSync(state) ? readdirSync(state).filter((d) => d.startsWith('grade-')) : []).toEqual([]);
  });

  it('writes the CSV to stdout without --csv, and refuses a LAB without a lab with exit 2', () => {
    const [, , , , erin = ''] = submissions;
    expect(cli.run(['grade', join(SAMPLES, 'labs', 'static-routes.json'), erin])).toMatchObject({
      code: 1,
      stdout: expect.stringMatching(
        /^file,Default routes on the hosts,.*\n.*erin\.json,,,,,9,,not a valid vnet topology/,
      ),
    });
    expect(cli.run(['grade', join(SAMPLES, 'seed.json'), erin])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('seed.json has no lab'),
    });
  });
});
