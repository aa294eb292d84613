import { readFileSync } from 'node:fs';
import { STEP_KINDS } from '../scenario/schema.js';
import { describe, expect, it } from 'vitest';
import { formatProblems, parseTopology, readTopology, type TopologyInput } from '../topology/index.js';
import { templateChecks } from './checks.js';
import { expandNode } from './expand.js';
import { templateSteps } from './steps.js';
import { expandPlaceholders, placeholdersIn } from './text.js';

const sample = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../samples/${path}`, import.meta.url), 'utf8'));

/** Host a uses template "t" (one parameter, p, defaulting to "7"). */
function doc(template: object, node: object = {}): TopologyInput {
  return {
    version: 1,
    nodes: [{ id: 'a', kind: 'host', name: 'a', position: { x: 0, y: 0 }, template: 't', ...node }],
    links: [],
    templates: {
      t: { icon: 'T', colour: '#123456', params: { p: { description: 'a number', default: '7' } }, ...template },
    },
  } as TopologyInput;
}

function problemsOf(input: TopologyInput): string {
  const result = parseTopology(input);
  if (result.ok) throw new Error('expected the document to be refused');
  return formatProblems(result.problems);
}

describe('placeholders', () => {
  it("are found and filled; the shell's ${…} and block braces are left alone", () => {
    const text = 'x={param.p} ${HOME} events {} http {\n{name}';
    expect(placeholdersIn(text)).toEqual(['param.p', 'name']);
    expect(expandPlaceholders(text, (key) => key.toUpperCase())).toBe('x=PARAM.P ${HOME} events {} http {\nNAME');
  });
});

describe('template problems', () => {
  it('names a placeholder that does not exist, and one naming an unknown parameter or template', () => {
    expect(problemsOf(doc({ processes: [{ argv: ['run', '{nam}', '{param.q}', '{members.db}'] }] }))).toBe(
      [
        'templates.t.processes[0].argv[1]: {nam} is not a placeholder: use {name}, {address}, {addresses.<interface>}, {param.<p>} or {members.<template>}',
        'templates.t.processes[0].argv[2]: {param.q}: the template has no parameter "q" (it has p)',
        'templates.t.processes[0].argv[3]: {members.db}: the document has no template "db" (it has t)',
      ].join('\n'),
    );
  });

  it("refuses a file outside the template's privateDirs", () => {
    expect(problemsOf(doc({ privateDirs: ['/var/lib/etcd'], files: { '/etc/passwd': 'x' } }))).toBe(
      'templates.t.files["/etc/passwd"]: /etc/passwd is outside the template\'s privateDirs (/var/lib/etcd): files are placed only there',
    );
  });

  it('names an unknown template, a missing required parameter and an unknown one', () => {
    expect(problemsOf(doc({}, { template: 'u' }))).toBe(
      'nodes[0].template: the document carries no template "u" (it has t)',
    );
    const needs = { params: { server: { description: 'the host to ask', required: true } } };
    expect(problemsOf(doc(needs, { params: { port: '1' } }))).toBe(
      [
        'nodes[0].params.port: template "t" has no parameter "port" (it has server)',
        'nodes[0].params: template "t" needs "server": the host to ask',
      ].join('\n'),
    );
  });

  it("refuses a node privateDir inside one of its template's", () => {
    expect(problemsOf(doc({ privateDirs: ['/var/lib'] }, { privateDirs: ['/var/lib/x'] }))).toBe(
      'nodes[0].privateDirs: with template "t"\'s: /var/lib/x is inside /var/lib, which is private already',
    );
  });
});

describe('expandNode', () => {
  const addressesOf = (id: string) => ({
    first: `10.0.0.${id.charCodeAt(1) - 48}`,
    byInterface: new Map([['eth0', `10.0.0.${id.charCodeAt(1) - 48}`]]),
  });

  it('fills the shipped templates per node: the page names its host, each etcd member lists every member', () => {
    const topology = readTopology(sample('extensions/templates.json'));
    const node = (id: string) => topology.nodes.find((n) => n.id === id)!;
    const web = expandNode(topology, node('e1'), addressesOf);
    expect(web.privateDirs).toEqual(['/var/lib/etcd']);
    expect(web.processes).toEqual([{ argv: ['etcd', '--config-file', '/var/lib/etcd/vnet.yml'] }]);
    expect(web.files[0]?.content).toContain(
      'initial-cluster: e1=http://10.0.0.1:2380,e2=http://10.0.0.2:2380,e3=http://10.0.0.3:2380\n',
    );
    expect(web.files[0]?.content).toContain('listen-peer-urls: http://10.0.0.1:2380\n');
    const client = expandNode(topology, node('c1'), addressesOf);
    expect(client.processes[0]?.argv[2]).toContain('curl -s http://web:8080/ >> /var/log/client.log; sleep 0.5;');
  });

  it("merges the template's processes and privateDirs before the node's own", () => {
    const topology = readTopology(
      doc(
        { processes: [{ argv: ['echo', '{param.p}', '{addresses.eth0}'] }], privateDirs: ['/var/lib/etcd'] },
        { processes: [{ argv: ['own'] }], privateDirs: ['/var/lib/etcd', '/srv'], params: {} },
      ),
    );
    const a2 = expandNode(topology, topology.nodes[0]!, () => addressesOf('a2'));
    expect(a2.processes).toEqual([{ argv: ['echo', '7', '10.0.0.2'] }, { argv: ['own'] }]);
    expect(a2.privateDirs).toEqual(['/var/lib/etcd', '/srv']);
  });

  it('carries the shipped templates unchanged in the sample documents', () => {
    for (const file of ['templates.json', 'web-count-proto.json', 'etcd-drop-nth.json']) {
      const templates = (sample(`extensions/${file}`) as { templates: Record<string, unknown> }).templates;
      for (const [name, template] of Object.entries(templates))
        expect(template, `${file}: ${name}`).toEqual(sample(`templates/${name}.json`));
    }
  });
});

describe('template checks', () => {
  const listens = (port: string | number) => ({ checks: [{ kind: 'listening', title: 'on {param.p}', port }] });
  const addressesOf = () => ({ first: '10.0.0.9', byInterface: new Map<string, string>() });

  it('are made for each node: fields filled, the node itself when left out, a name turned into its id', () => {
    const topology = readTopology(sample('extensions/templates.json'));
    const checks = templateChecks(topology, addressesOf);
    expect(checks.map((c) => c.title)).toContain('web: nginx listens on 8080');
    expect(checks.find((c) => c.title === 'web: nginx listens on 8080')).toMatchObject({
      node: 'web',
      template: 'web-server',
      check: { kind: 'listening', node: 'web', protocol: 'tcp', port: 8080 },
    });
    expect(checks.find((c) => c.node === 'c1')).toMatchObject({
      title: 'c1: reaches its server web',
      check: { kind: 'reachable', from: 'c1', to: 'web', protocol: 'tcp', port: 8080 },
    });
    expect(checks.find((c) => c.node === 'e2')).toMatchObject({
      check: { kind: 'command', node: 'e2', argv: ['curl', '-sf', 'http://10.0.0.9:2379/health'] },
    });
  });

  it('say what a node lacks instead of a check', () => {
    const topology = readTopology(sample('extensions/templates.json'));
    const lacking = templateChecks(topology, () => ({ byInterface: new Map() }));
    expect(lacking.find((c) => c.node === 'e1')).toMatchObject({ problem: '{address} has no value for e1' });
  });

  it('refuse a field that is wrong before placeholders, or one naming what the template lacks', () => {
    expect(problemsOf(doc(listens('80')))).toBe('templates.t.checks[0].port: must be a port number');
    expect(problemsOf(doc(listens('{param.q}')))).toBe(
      'templates.t.checks[0].port: {param.q}: the template has no parameter "q" (it has p)',
    );
    expect(problemsOf(doc({ checks: [{ kind: 'listening', port: 80 }] }))).toContain('templates.t.checks[0].title:');
  });

  it('name the node whose parameters make a check wrong, and a node a check names that is not there', () => {
    expect(problemsOf(doc(listens('{param.p}'), { params: { p: 'http' } }))).toBe(
      'nodes[0]: template "t"\'s checks[0]: port: must be a port number ("{param.p}" gives "http")',
    );
    const reach = { checks: [{ kind: 'reachable', title: 'reaches', to: '{param.p}' }] };
    expect(problemsOf(doc(reach, { params: { p: 'db' } }))).toBe(
      'nodes[0]: template "t"\'s checks[0].to: no host or router "db" in the network',
    );
  });
});

describe('template steps', () => {
  const addressesOf = (id: string) => ({ first: `10.0.0.${id.length}`, byInterface: new Map<string, string>() });
  const steps = (list: unknown[]) => ({ steps: list });

  it('are made for each node: fields filled, the node itself when left out, a name turned into its id', () => {
    const topology = readTopology(sample('extensions/templates.json'));
    const made = templateSteps(topology, addressesOf);
    expect(made.problems).toEqual([]);
    expect(made.steps.map((s) => `${s.from.template} ${s.from.node}`)).toEqual([
      'web-server web',
      'client c1',
      'etcd-member e1',
      'etcd-member e2',
      'etcd-member e3',
    ]);
    expect(made.steps[0]?.step).toMatchObject({ do: 'exec', host: 'web', expect: { output: 'Served by web' } });
    expect(made.steps[1]?.step).toMatchObject({
      host: 'c1',
      argv: ['sh', '-c', expect.stringContaining('http://web:8080/')],
    });
    expect(made.steps[3]?.step).toMatchObject({
      host: 'e2',
      argv: expect.arrayContaining(['--endpoints=http://10.0.0.2:2379']),
    });

    const check = { kind: 'reachable', to: '{param.to}', port: '{param.p}', protocol: 'tcp' };
    const params = { p: { description: 'a number', default: '7' }, to: { description: 'a host' } };
    const input = doc({ params, steps: [{ at: '{param.p}s', do: 'check', check }] }, { params: { to: 'server' } });
    input.nodes.push({ id: 'b', kind: 'host', name: 'server', position: { x: 0, y: 0 } });
    const renamed = readTopology(input);
    expect(templateSteps(renamed, addressesOf).steps[0]?.step).toEqual({
      at: '7s',
      do: 'check',
      check: { kind: 'reachable', from: 'a', to: 'b', protocol: 'tcp', port: 7, expect: true },
    });
  });

  it('refuse a field that is wrong before placeholders, or one naming what the template lacks', () => {
    expect(
      problemsOf(
        doc(
          steps([
            { at: 'soon', do: 'heal' },
            { at: '1s', do: '{param.p}' },
            { at: '1s', do: 'link set', link: 'x', params: { delay: '{param.p}ms', latency: '1ms' } },
            'heal',
          ]),
        ),
      ),
    ).toBe(
      [
        'templates.t.steps[0].at: at=soon: not a duration: say 50ms, 1.5s or 500us',
        `templates.t.steps[1].do: must be one of: ${STEP_KINDS.join(', ')}`,
        'templates.t.steps[2].params.latency: unknown link parameter "latency": say delay, jitter, loss, duplicate, dup, rate, queue',
        'templates.t.steps[3]: must be a scenario step, e.g. { "at": "1s", "do": "exec", "argv": ["true"] }',
      ].join('\n'),
    );
    expect(problemsOf(doc(steps([{ at: '1s', do: 'exec', argv: ['{param.q}'] }])))).toBe(
      'templates.t.steps[0].argv[0]: {param.q}: the template has no parameter "q" (it has p)',
    );
  });

  it('name the node whose parameters make a step wrong, and what a step names that the network lacks', () => {
    expect(problemsOf(doc(steps([{ at: '{param.p}', do: 'heal' }]), { params: { p: '5' } }))).toBe(
      'nodes[0]: template "t"\'s steps[0]: at: at=5: say a unit: 5ms or 0.005s ("{param.p}" gives "5")',
    );
    expect(
      problemsOf(
        doc(steps([{ at: '1s', do: 'link flap', link: 'a-{param.p}', down: '1s', up: '1s', count: '{param.p}' }])),
      ),
    ).toBe('nodes[0]: template "t"\'s steps[0].link: no link "a-7" in the network');
    const missing = templateSteps(
      readTopology(doc(steps([{ at: '1s', do: 'exec', argv: ['ping', '{address}'] }]))),
      () => ({
        byInterface: new Map(),
      }),
    );
    expect(missing.problems).toEqual([
      { path: 'nodes[0]', message: 'template "t"\'s steps[0]: {address} has no value for a' },
    ]);
  });
});
