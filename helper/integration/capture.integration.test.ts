/**
 * capture.start: the frames of a ping and a TCP exchange, exactly as many as tcpdump sees where the
 * backend captures (the fabric port over netns, the node's interface over the module); bad filters
 * and unknown names refused; a client gone stops its capture; over the module, a lossy link's
 * capture flags the frames its emulation dropped, with the reason.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RPC_ERRORS, type CapturedPacket, type Notifications } from '../../common/protocol/helper.js';
import { HelperClient } from '../client.js';
import {
  apply,
  BACKEND,
  shareHelperInFile,
  link,
  node,
  pings,
  refusal,
  runIn,
  startHelper,
  startSocketHelper,
  topology,
  waitFor,
} from './harness.js';

shareHelperInFile();

const FILTER = 'icmp or arp or tcp port 5000';

const lan = () =>
  topology({
    name: 'capture-test',
    nodes: [node('c1'), node('c2'), node('cs', 'switch')],
    links: [link('c1-cs', 'c1', 'cs'), link('c2-cs', 'c2', 'cs')],
  });

const inside = (netns: string, ...argv: string[]) =>
  execFileSync('nsenter', [`--net=/run/netns/${netns}`, ...argv], { encoding: 'utf8' });

/** The fabric port of a host's interface: its veth peer, found by the peer's ifindex (iflink). */
function fabricPort(hostNamespace: string, iface: string): { fabric: string; port: string } {
  const fabric = hostNamespace.slice(0, hostNamespace.lastIndexOf('-'));
  const [{ link_index: peer }] = JSON.parse(inside(hostNamespace, 'ip', '-j', 'link', 'show', iface)) as [
    { link_index: number },
  ];
  const links = JSON.parse(inside(fabric, 'ip', '-j', 'link')) as { ifindex: number; ifname: string }[];
  return { fabric, port: links.find((l) => l.ifindex === peer)!.ifname };
}

/** Packet sockets open in a namespace. */
const packetSockets = (netns: string) => inside(netns, 'cat', '/proc/net/packet').trim().split('\n').length - 1;

function collect(helper: HelperClient) {
  const packets: CapturedPacket[] = [];
  helper.on('capture.packets', (n: Notifications['capture.packets']) => packets.push(...n.packets));
  return packets;
}

/** Where tcpdump sees what the capture of c1's side of c1-cs sees. */
function tcpdumpPoint(hostNamespace: string): { netns: string; device: string } {
  if (BACKEND === 'kmod') return { netns: hostNamespace, device: 'eth0' };
  const { fabric, port } = fabricPort(hostNamespace, 'eth0');
  return { netns: fabric, device: port };
}

/** The capture descriptors a process holds open (over the module). */
const moduleCaptures = (pid: number) =>
  readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`) === 'anon_inode:[vnet-capture]';
    } catch {
      return false;
    }
  }).length;

/** ICMP echo requests (IPv4, type 8) among captured frames. */
const echoRequests = (packets: CapturedPacket[]) =>
  packets.filter((p) => Buffer.from(p.data, 'base64')[34] === 8 && Buffer.from(p.data, 'base64')[23] === 1);

describe('capture', () => {
  it('captures a ping and a TCP exchange: as many frames as tcpdump sees at the same point', async () => {
    const helper = startHelper();
    const { status } = await apply(helper, lan());
    const { netns, device } = tcpdumpPoint(status.hosts.c1!.namespace);
    const dir = mkdtempSync(join(tmpdir(), 'vnet-capture-'));
    const tcpdump = spawn(
      'nsenter',
      [
        `--net=/run/netns/${netns}`,
        'tcpdump',
        '-i',
        device,
        '--immediate-mode',
        '-U',
        '-w',
        join(dir, 'seen.pcap'),
        FILTER,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let said = '';
    tcpdump.stderr.on('data', (b: Buffer) => (said += b.toString()));
    try {
      await waitFor(() => said.includes('listening on'));
      const packets = collect(helper);
      const started = await helper.call('capture.start', { targets: ['c1-cs'], filter: FILTER });
      expect(started.interfaces).toEqual([{ link: 'c1-cs', side: 'a', node: 'c1', iface: 'eth0', snaplen: 262144 }]);
      expect((await runIn(helper, 'c1', ['ping', '-c3', '-i0.2', 'c2'])).code).toBe(0);
      const server = await helper.call('process.exec', { host: 'c2', argv: ['nc', '-l', '5000'] });
      await waitFor(async () => (await runIn(helper, 'c1', ['sh', '-c', 'echo hello | nc -N c2 5000'])).code === 0);
      await helper.call('process.signal', { pid: server.pid, signal: 'SIGTERM' }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const totals = await helper.call('capture.stop', { capture: started.capture });
      tcpdump.kill('SIGINT');
      await new Promise((resolve) => tcpdump.once('exit', resolve));
      const seen = execFileSync('tcpdump', ['-r', join(dir, 'seen.pcap')], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const lines = seen.trim().split('\n');
      expect(totals).toEqual({ packets: packets.length, lost: 0 });
      expect(packets.length).toBe(lines.length);
      expect(lines.filter((l) => l.includes('ICMP echo request'))).toHaveLength(3);
      expect(packets.filter((p) => p.direction === 'a>b').length).toBeGreaterThan(0);
      expect(packets.filter((p) => p.direction === 'b>a').length).toBeGreaterThan(0);
      const times = packets.map((p) => BigInt(p.time));
      expect(times).toEqual([...times].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    } finally {
      tcpdump.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(BACKEND === 'kmod')('capture over the module', () => {
  it('flags the frames a 20 % loss link dropped, with their reason, in place of the frames that passed', async () => {
    const helper = startHelper();
    const lossy = topology({
      name: 'capture-loss',
      // IPv4 only: the frames counted are the pings' (no IPv6 announcements meeting the loss too).
      nodes: [node('c1'), node('c2')].map((n) => ({ ...n, ip: 'ipv4' as const })),
      links: [link('c1-c2', 'c1', 'c2', { lossPercent: 20 })],
    });
    await apply(helper, lossy);
    // c2's address resolved first: an ARP exchange the loss cuts leaves the pings queued in c1's neighbour
    // table meanwhile, which drops the oldest past its size (5 of 40), before they ever reach the port.
    expect(await waitFor(() => pings(helper, 'c1', 'c2'))).toBe(true);
    const packets = collect(helper);
    const started = await helper.call('capture.start', { targets: ['c1-c2'], filter: 'icmp' });
    await runIn(helper, 'c1', ['ping', '-c40', '-i0.02', '-W1', 'c2']);
    await helper.call('capture.stop', { capture: started.capture });
    const requests = echoRequests(packets);
    // c1's port emulates what c1 sends: every request is there once, passed or dropped with its reason.
    expect(requests).toHaveLength(40);
    expect(requests.every((p) => p.direction === 'a>b')).toBe(true);
    const dropped = requests.filter((p) => p.drop);
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped.length).toBeLessThan(40);
    expect(new Set(dropped.map((p) => p.drop))).toEqual(new Set(['loss']));
    // What c2 sends is emulated at c2's port: c1's capture shows the replies that reached it, none dropped.
    expect(packets.filter((p) => p.direction === 'b>a' && p.drop)).toEqual([]);
    const both = collect(helper);
    const second = await helper.call('capture.start', { targets: ['c1-c2'], filter: 'icmp', point: 'both' });
    await runIn(helper, 'c1', ['ping', '-c5', '-i0.02', '-W1', 'c2']);
    await helper.call('capture.stop', { capture: second.capture });
    const sent = echoRequests(both);
    expect(sent.filter((p) => p.point === 'before')).toHaveLength(5);
    expect(sent.filter((p) => p.point === 'after').length + sent.filter((p) => p.drop).length).toBe(5);
  });

  it('stops the capture of a client that went away', async () => {
    const { helper, connect } = startSocketHelper('capture-kmod');
    const owner = await connect();
    try {
      await apply(owner, lan());
      const reader = await connect();
      await reader.call('capture.start', { targets: ['c1-cs', 'c2:eth0'] });
      expect(moduleCaptures(helper.pid!)).toBe(2);
      reader.close();
      expect(await waitFor(() => moduleCaptures(helper.pid!) === 0, 5_000)).toBe(true);
    } finally {
      owner.close();
      process.kill(helper.pid!, 'SIGTERM');
    }
  });
});

describe.runIf(BACKEND === 'netns')('capture over netns', () => {
  it('refuses a filter that does not compile and names what does not exist, opening nothing', async () => {
    const helper = startHelper();
    const { status } = await apply(helper, lan());
    const { fabric } = fabricPort(status.hosts.c1!.namespace, 'eth0');
    const bad = await refusal(helper.call('capture.start', { targets: ['c1-cs'], filter: 'tcp port 99999' }));
    expect(bad.code).toBe(RPC_ERRORS.invalidParams);
    expect(bad.message).toBe('filter "tcp port 99999" does not compile: illegal port number 99999 > 65535');
    const unknown = await refusal(helper.call('capture.start', { targets: ['c1-cs', 'nope', 'c2:eth9', 'cs-x:eth0'] }));
    expect(unknown.code).toBe(RPC_ERRORS.invalidParams);
    expect(unknown.message.split('\n')).toEqual([
      'no link "nope" in the running network',
      'c2:eth9: c2 has no interface "eth9" (it has eth0)',
      'cs-x:eth0: no host or router "cs-x" in the running network',
    ]);
    const switchSide = await refusal(helper.call('capture.start', { targets: ['c1-cs'], side: 'b' }));
    expect(switchSide.message).toMatch(/c1-cs: its b end is a switch or hub.*try side a/);
    expect(packetSockets(fabric)).toBe(0);
  });

  it('stops the capture of a client that went away', async () => {
    const { helper, connect } = startSocketHelper('capture-test');
    const owner = await connect();
    try {
      const { status } = await apply(owner, lan());
      const { fabric } = fabricPort(status.hosts.c1!.namespace, 'eth0');
      const reader = await connect();
      await reader.call('capture.start', { targets: ['c1-cs', 'c2:eth0'] });
      expect(packetSockets(fabric)).toBe(2);
      reader.close();
      expect(await waitFor(() => packetSockets(fabric) === 0, 5_000)).toBe(true);
    } finally {
      owner.close();
      process.kill(helper.pid!, 'SIGTERM');
    }
  });
});
