/** What each kind makes of what it found: the words a student reads, and whether the check holds. */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { checkSchema, type Check, type CheckInput } from '../../common/checks/schema.js';
import { linkSchema } from '../../common/topology/schema.js';
import { commandOutcome } from './command.js';
import { addressOutcome, parseHostState, routeOutcome } from './host-state.js';
import type { HostRun } from './agents.js';
import { linkOutcome } from './link.js';
import { listeningOutcome, parseListening, processOutcome } from './processes.js';
import { probeArgv, reachableOutcome } from './reachable.js';

function check<K extends Check['kind']>(input: CheckInput & { kind: K }): Extract<Check, { kind: K }> {
  return checkSchema.parse(input) as Extract<Check, { kind: K }>;
}

/** Runs a probe's argv here, as the host would. */
function probe([program, ...args]: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program as string, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

const run = (exit: number | null, stdout = '', timedOut = false): HostRun => ({ exit, stdout, stderr: '', timedOut });

const ROUTER = parseHostState(
  [
    JSON.stringify([
      { ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }] },
      {
        ifname: 'eth0',
        addr_info: [
          { family: 'inet', local: '10.0.1.1', prefixlen: 24 },
          { family: 'inet6', local: 'fe80::1', prefixlen: 64 },
        ],
      },
      { ifname: 'eth1', addr_info: [{ family: 'inet', local: '10.0.3.1', prefixlen: 24 }] },
    ]),
    JSON.stringify([
      { dst: 'default', gateway: '10.0.1.254', dev: 'eth0' },
      { dst: '10.0.1.0/24', dev: 'eth0', protocol: 'kernel' },
      { dst: '10.0.9.9', gateway: '10.0.3.2', dev: 'eth1' },
      { dst: '10.0.7.0/24', type: 'blackhole' },
      {
        dst: '10.0.5.0/24',
        nexthops: [
          { gateway: '10.0.1.2', dev: 'eth0' },
          { gateway: '10.0.3.2', dev: 'eth1' },
        ],
      },
    ]),
  ].join('\n'),
);

describe('address', () => {
  it('finds the address with its prefix length, on the interface asked', () => {
    expect(addressOutcome(check({ kind: 'address', node: 'r1', address: '10.0.3.1/24' }), ROUTER)).toEqual({
      ok: true,
      seen: '10.0.3.1/24 on eth1',
    });
    expect(addressOutcome(check({ kind: 'address', node: 'r1', address: '10.0.3.1/16' }), ROUTER)).toEqual({
      ok: false,
      seen: '10.0.1.1/24 on eth0, 10.0.3.1/24 on eth1',
    });
    expect(
      addressOutcome(check({ kind: 'address', node: 'r1', interface: 'eth0', address: '10.0.3.1/24' }), ROUTER).ok,
    ).toBe(false);
    expect(
      addressOutcome(check({ kind: 'address', node: 'h', address: '10.0.3.1/24' }), { addresses: [], routes: [] }).seen,
    ).toBe('no IPv4 address');
  });
});

describe('route', () => {
  it('matches the prefix, whatever host bits the check wrote, and the gateway when asked', () => {
    const route = (to: string, via?: string) => routeOutcome(check({ kind: 'route', node: 'r1', to, via }), ROUTER);
    expect(route('default', '10.0.1.254')).toEqual({ ok: true, seen: 'default via 10.0.1.254' });
    expect(route('10.0.1.7/24')).toEqual({ ok: true, seen: '10.0.1.0/24 dev eth0' });
    expect(route('10.0.9.9/32', '10.0.3.2')).toEqual({ ok: true, seen: '10.0.9.9 via 10.0.3.2' });
    expect(route('10.0.5.0/24', '10.0.3.2')).toEqual({ ok: true, seen: '10.0.5.0/24 via 10.0.1.2 via 10.0.3.2' });
    expect(route('default', '10.0.1.9')).toEqual({ ok: false, seen: 'default via 10.0.1.254, not via 10.0.1.9' });
  });

  it('says what the table has when the route is missing (a blackhole is no route)', () => {
    expect(routeOutcome(check({ kind: 'route', node: 'r1', to: '10.0.7.0/24' }), ROUTER)).toEqual({
      ok: false,
      seen: 'no route to 10.0.7.0/24 (has default via 10.0.1.254, 10.0.1.0/24 dev eth0, 10.0.9.9 via 10.0.3.2, 10.0.5.0/24 via 10.0.1.2 via 10.0.3.2)',
    });
  });
});

describe('reachable', () => {
  const icmp = check({ kind: 'reachable', from: 'h1', to: 'h2' });
  const tcp = check({ kind: 'reachable', from: 'h1', to: 'h2', protocol: 'tcp', port: 80 });
  const udp = check({ kind: 'reachable', from: 'h1', to: 'h2', protocol: 'udp', port: 53, expect: false });

  it('probes with ping, bash /dev/tcp and /dev/udp, waiting as long as asked', () => {
    expect(probeArgv(icmp, '10.0.2.2', 1500)).toEqual(['ping', '-n', '-c', '1', '-i', '0.2', '-w', '2', '10.0.2.2']);
    expect(probeArgv(tcp, '10.0.2.2', 2000).slice(-2)).toEqual(['10.0.2.2', '80']);
    // A datagram every half second: three tries in 1.5 s.
    expect(probeArgv(udp, '10.0.2.2', 1500).slice(-3)).toEqual(['10.0.2.2', '53', '3']);
  });

  it('sends its udp datagram again until one is answered, and hears a refusal at once', async () => {
    const server = createSocket('udp4');
    let heard = 0;
    // The first datagram is lost, as on a busy machine; the second is answered.
    server.on('message', (message, from) => {
      if (++heard > 1) server.send(message, from.port, from.address);
    });
    await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
    const answered = probe(probeArgv(udp, '127.0.0.1', 3000).with(-2, String(server.address().port)));
    const port = server.address().port;
    expect(await answered).toMatchObject({ status: 0 });
    expect(heard).toBeGreaterThanOrEqual(2);
    server.close();
    // Nothing listens there now: the port-unreachable answer ends the probe before its wait.
    const refused = await probe(probeArgv(udp, '127.0.0.1', 3000).with(-2, String(port)));
    expect(refused).toMatchObject({ status: 1 });
    expect(refused.stderr).toMatch(/Connection refused/);
  });

  it('reads what came back, and holds when that is what was expected', () => {
    const cases: [typeof icmp, HostRun, number, boolean, string][] = [
      [icmp, run(0, 'rtt min/avg/max/mdev = 0.049/0.061/0.07/0.000 ms'), 2000, true, 'reply from 10.0.2.2 in 0.061 ms'],
      [icmp, run(1), 2000, false, 'no reply from 10.0.2.2 within 2s'],
      [icmp, run(2, 'ping: connect: Network is unreachable'), 2000, false, 'no route to 10.0.2.2'],
      [icmp, run(127, 'sh: 1: ping: not found'), 2000, false, 'no reply from 10.0.2.2 (sh: 1: ping: not found)'],
      [tcp, run(null, '', true), 500, false, 'no answer from 10.0.2.2 on tcp/80 within 500ms'],
      [udp, run(1, 'bash: connect: Connection refused'), 2000, true, '10.0.2.2 refused udp/53: nothing listens there'],
      [udp, run(0), 2000, false, 'answer from 10.0.2.2 on udp/53'],
    ];
    for (const [probe, result, timeoutMs, ok, seen] of cases)
      expect(reachableOutcome(probe, '10.0.2.2', result, timeoutMs)).toEqual({ ok, seen });
  });
});

describe('listening and process', () => {
  const ss = [
    'tcp   LISTEN 0      4096         0.0.0.0:8080      0.0.0.0:*',
    'tcp   LISTEN 0      128             [::]:22         [::]:*',
    'udp   UNCONN 0      0          10.0.1.2%eth0:5353      0.0.0.0:*',
  ].join('\n');

  it('reads the ports ss lists, IPv4 and IPv6 alike', () => {
    const ports = parseListening(ss);
    expect([...ports.tcp]).toEqual([8080, 22]);
    expect([...ports.udp]).toEqual([5353]);
    expect(listeningOutcome(check({ kind: 'listening', node: 'h', port: 22 }), ports.tcp)).toEqual({
      ok: true,
      seen: 'something listens on tcp/22',
    });
    expect(listeningOutcome(check({ kind: 'listening', node: 'h', port: 80 }), ports.tcp)).toEqual({
      ok: false,
      seen: 'nothing listens on tcp/80 (listening: tcp/22, tcp/8080)',
    });
  });

  it('knows a program by its kernel name, cut at 15 bytes, or by argv[0]', () => {
    const processes = [
      { pid: 10, names: ['nginx', 'nginx'], session: 10 },
      { pid: 11, names: ['etcd-server-lon', 'etcd-server-long-name'], session: 11 },
      { pid: 12, names: ['python3', 'python3'], session: 12 },
    ];
    const process = (program: string) => processOutcome(check({ kind: 'process', node: 'h', program }), processes);
    expect(process('nginx')).toEqual({ ok: true, seen: 'nginx runs (pid 10)' });
    expect(process('etcd-server-long-name').ok).toBe(true);
    expect(process('apache2')).toEqual({
      ok: false,
      seen: 'no process named apache2 (running: nginx, etcd-server-long-name, python3)',
    });
    expect(processOutcome(check({ kind: 'process', node: 'h', program: 'x' }), []).seen).toBe(
      'no process named x (nothing runs there)',
    );
  });
});

describe('link', () => {
  const link = linkSchema.parse({
    id: 'r1-r2',
    a: { node: 'r1' },
    b: { node: 'r2' },
    params: { delayMs: 50, lossPercent: 1 },
    directions: { 'b>a': { lossPercent: 5 } },
  });

  it('compares typed parameters in both directions, and the cable', () => {
    const outcome = (params?: Record<string, string>, up?: boolean, heldDown = false) =>
      linkOutcome(check({ kind: 'link', link: 'r1-r2', params, up }), link, heldDown);
    expect(outcome({ delay: '50ms' }, true)).toEqual({ ok: true, seen: 'up, delay=50ms' });
    expect(outcome({ loss: '1%' })).toEqual({ ok: false, seen: 'loss=1% a>b, 5% b>a' });
    expect(outcome(undefined, false)).toEqual({ ok: false, seen: 'up' });
    expect(outcome(undefined, true, true)).toEqual({ ok: false, seen: 'up, but an end has crashed' });
    expect(linkOutcome(check({ kind: 'link', link: 'r1-r2', up: false }), { ...link, up: false }, false)).toEqual({
      ok: true,
      seen: 'cut',
    });
  });
});

describe('command', () => {
  const command = check({
    kind: 'command',
    node: 'h',
    argv: ['cat', '/etc/motd'],
    expect: { exit: 0, output: 'welcome' },
  });

  it('matches exit and output as a scenario does, and says what it printed first', () => {
    expect(commandOutcome(command, run(0, 'welcome\nto h'), 5000)).toEqual({ ok: true, seen: 'exited 0: welcome' });
    expect(commandOutcome(command, run(1, 'cat: /etc/motd: No such file'), 5000)).toEqual({
      ok: false,
      seen: 'exit 1, expected 0, output does not match /welcome/: cat: /etc/motd: No such file',
    });
    expect(commandOutcome(command, run(null, '', true), 300)).toEqual({
      ok: false,
      seen: 'still running after 300ms, so killed, printing nothing',
    });
  });
});
