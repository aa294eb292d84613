/**
 * `vnet check` on the static-routes lab (samples/labs/): the student's copy
 * fails in every format, passes once the routes are added in its hosts
 * (followed by --watch), and the teacher's copy passes by itself.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helper/integration/harness.js';
import { SAMPLES, vnetFor } from './testing.js';

const cli = vnetFor('lab-check');
const vnet = cli.run;
const { scratch, socket } = cli;

/** The sample under a name of this test's own (networks are locked by name). */
function labFile(sample: string, name: string): string {
  const document = JSON.parse(readFileSync(join(SAMPLES, 'labs', sample), 'utf8'));
  const path = join(scratch, sample);
  writeFileSync(path, JSON.stringify({ ...document, name }));
  return path;
}

const teacher = labFile('static-routes.json', 'lab-cli check static routes');
const student = join(scratch, 'student.json');
const ROUTES = [
  ['h1', 'default', '10.0.1.1'],
  ['r1', '10.0.2.0/24', '10.0.12.2'],
  ['r2', '10.0.1.0/24', '10.0.12.1'],
  ['h2', 'default', '10.0.2.1'],
];

afterAll(() => {
  if (existsSync(socket)) vnet(['down', '--purge']);
});

describe('vnet lab and vnet check', () => {
  it("writes the student's copy without the solution, and shows the checklist", () => {
    expect(vnet(['lab', 'student', teacher, '-o', student])).toMatchObject({ code: 0 });
    const copy = JSON.parse(readFileSync(student, 'utf8'));
    expect(copy.lab.solution).toBeUndefined();
    expect(copy.nodes.filter((n: { processes?: unknown }) => n.processes)).toEqual([]);
    expect(vnet(['lab', 'student', teacher, '-o', teacher])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("is the teacher's document itself"),
    });
    const shown = vnet(['lab', 'show', teacher]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(
      'Routes between the routers  (4 points)\n  - r1 has a route to 10.0.2.0/24 via 10.0.12.2  (2)',
    );
    expect(shown.stdout).toContain('  - h2 reaches r1  (1)  [hidden]\n\n9 points in all');
  });

  it('refuses a file it cannot use with exit 2, naming what is wrong, before asking anything', () => {
    expect(vnet(['check', join(SAMPLES, 'seed.json')])).toMatchObject({
      code: 2,
      stderr: `vnet: ${join(SAMPLES, 'seed.json')} has no lab (a topology document with a "lab" field)\n`,
    });
    expect(vnet(['check', join(scratch, 'none.json')])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('none.json: no such file'),
    });
    const invalid = join(scratch, 'invalid.json');
    const document = JSON.parse(readFileSync(teacher, 'utf8'));
    document.lab.tasks[0].checks[0].node = 'h9';
    writeFileSync(invalid, JSON.stringify(document));
    expect(vnet(['check', invalid])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('lab.tasks[0].checks[0].node: no host or router "h9" in the network'),
    });
    expect(vnet(['check', '--tap', '--junit'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^vnet: --junit and --tap: say one format\nusage: vnet check/),
    });
    expect(vnet(['check', teacher])).toMatchObject({ code: 1, stderr: expect.stringContaining('no network is up') });
  });

  it("scores the student's copy in every format and exits 1", () => {
    expect(vnet(['up', student]).code).toBe(0);
    const text = vnet(['check']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      [
        'Routes between the routers  0/4',
        '  ✗ r1 has a route to 10.0.2.0/24 via 10.0.12.2  0/2',
        '      seen: no route to 10.0.2.0/24 (has 10.0.1.0/24 dev eth0, 10.0.12.0/24 dev eth1)',
        '      hint: r1 reaches 10.0.2.0/24 through r2, whose address on their link is 10.0.12.2.',
      ].join('\n'),
    );
    expect(text.stdout).toMatch(/ {2}✗ hidden check {2}0\/1\n\nscore: 0\/9 points \(0%\)\n$/);

    const json = vnet(['check', student, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ title: 'Static routes across two routers', earned: 0, points: 9 });

    const junit = vnet(['check', '--junit']);
    expect(junit.code).toBe(1);
    expect(junit.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="Static routes across two routers" tests="6" failures="6">/,
    );
    expect(junit.stdout).toContain('<testsuite name="Default routes on the hosts" tests="2" failures="2">');
    expect(junit.stdout).toContain('<failure message="no default route (has 10.0.1.0/24 dev eth0)">');

    const tap = vnet(['check', '--tap']);
    expect(tap.code).toBe(1);
    expect(tap.stdout).toMatch(/^TAP version 14\n1\.\.6\n/);
    expect(tap.stdout).toContain('not ok 1 - Default routes on the hosts: h1 has a default route via 10.0.1.1\n');
    expect(tap.stdout).toMatch(/# score: 0\/9 points \(0%\)\n$/);
  });

  it('refuses a lab written for another network, naming both and what is missing; notes another name', () => {
    const other = labFile('same-port.json', 'lab-cli check same port');
    const result = vnet(['check', other]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `the running network "lab-cli check static routes" (${other} is for "lab-cli check same port"); nothing was checked:\nlab.tasks[0].checks[0].node: no host or router "a" in the network\n`,
    );
    const renamed = labFile('static-routes.json', 'lab-cli check renamed');
    expect(vnet(['check', renamed, '--tap'])).toMatchObject({
      code: 1,
      stderr: `note: the running network is "lab-cli check static routes" (${renamed} is for "lab-cli check renamed"); its nodes and links have the names the lab asks about\n`,
      stdout: expect.stringMatching(/^TAP version 14\n/),
    });
  });

  it('follows the routes being added with --watch, printing only changes, and exits 0 once all pass', async () => {
    const lines: string[] = [];
    const watch = cli.start(['check', '--watch', '--interval', '1s', '--json'], (line) => lines.push(line));
    expect(await waitFor(() => lines.length > 0, 60_000)).toBe(true);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ earned: 0, points: 9 });
    for (const [node = '', to = '', via = ''] of ROUTES)
      expect(vnet(['exec', node, '--', 'ip', 'route', 'add', to, 'via', via]).code).toBe(0);
    const done = () => lines.some((line) => JSON.parse(line).percent === 100);
    expect(await waitFor(done, 60_000)).toBe(true);
    watch.signal('SIGINT');
    expect((await watch.done).code).toBe(0);
    const changes = lines.slice(1).map((line) => JSON.parse(line));
    const passed = changes.filter((c) => c.change === 'check').map((c) => [c.check.ok, c.check.title]);
    expect(passed).toHaveLength(6);
    expect(passed).toContainEqual([true, 'h2 reaches r1']);
    expect(changes.every((c) => c.change === 'score' || c.check.ok)).toBe(true);
  });

  it("passes the teacher's copy by itself: its solution adds the routes", async () => {
    expect(vnet(['down', '--purge']).code).toBe(0);
    expect(vnet(['up', teacher]).code).toBe(0);
    // The solution's processes run once the network is up; a moment later every route is there.
    expect(await waitFor(() => vnet(['check', teacher]).code === 0, 60_000)).toBe(true);
    const junit = vnet(['check', teacher, '--junit']);
    expect(junit).toMatchObject({ code: 0, stdout: expect.stringContaining('tests="6" failures="0"') });
    expect(vnet(['check']).stdout).toMatch(/\nscore: 9\/9 points \(100%\)\n$/);
  });
});

describe('vnet check without a lab', () => {
  const templated = vnetFor('template-check');
  const run = templated.run;
  const sample = JSON.parse(readFileSync(join(SAMPLES, 'extensions', 'templates.json'), 'utf8'));
  /** The sample's web server and its client (no etcd), nginx told to listen on `port`. */
  function document(port: string): string {
    const keep = (id: string) => !id.startsWith('e');
    const path = join(templated.scratch, `web-${port}.json`);
    const nodes = sample.nodes
      .filter((n: { id: string }) => keep(n.id))
      .map((n: { id: string }) => (n.id === 'web' ? { ...n, params: { port } } : n));
    const links = sample.links.filter((l: { a: { node: string } }) => keep(l.a.node));
    writeFileSync(path, JSON.stringify({ ...sample, name: 'lab-cli template checks', nodes, links }));
    return path;
  }

  afterAll(() => {
    if (existsSync(templated.socket)) run(['down', '--purge']);
  });

  it("asks the templates' checks: they pass while nginx serves, and name the node once it does not", async () => {
    expect(run(['up', document('8080')]).code).toBe(0);
    // nginx starts with the network; a moment later it listens.
    expect(await waitFor(() => run(['check']).code === 0, 60_000)).toBe(true);
    expect(run(['check']).stdout).toBe(
      [
        "lab-cli template checks: its templates' checks",
        '',
        'template web-server  2/2',
        '  ✓ web: nginx listens on 8080  1/1',
        '  ✓ web: serves its page  1/1',
        '',
        'template client  1/1',
        '  ✓ c1: reaches its server web  1/1',
        '',
        'score: 3/3 points (100%)',
        '',
      ].join('\n'),
    );

    // The port changes in the document: nginx, started from the file that says it, reads it again.
    expect(run(['apply', document('9090')]).code).toBe(0);
    expect(await waitFor(() => run(['check']).stdout.includes('✓ web: nginx listens on 9090'), 60_000)).toBe(true);
    const moved = run(['check']);
    expect(moved.code).toBe(1);
    expect(moved.stdout).toContain('  ✓ web: serves its page  1/1\n');
    // Its client still asks 8080.
    expect(moved.stdout).toContain('  ✗ c1: reaches its server web  0/1\n      seen: ');
    expect(run(['check', '--tap'])).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('not ok 3 - template client: c1: reaches its server web'),
    });
  });
});
