/**
 * The /dev/vnet wrappers. Without the module (this host) only the refusals
 * run; inside the VM harness with vnet.ko loaded the whole file runs:
 *   tools/vm/run --modules veth --insmod kmod/build/<release>/vnet.ko -- npx vitest run --config native/vitest.config.ts
 */
import { closeSync, existsSync, openSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  captureRowLayout,
  createNamespaces,
  deleteNamespaces,
  openVnet,
  vnetCapturePoints,
  vnetDirs,
  vnetDropReasons,
  vnetFeatures,
  vnetLinkDirs,
  vnetPortStats,
  type VnetDevice,
} from './index.js';
import { runIn, uniqueName } from './integration-helpers.js';

describe('openVnet refusals', () => {
  it('says the module is missing when the device is', () => {
    expect(() => openVnet('/dev/vnet-absent')).toThrow(
      expect.objectContaining({ code: 'ENOENT', message: expect.stringContaining('is the vnet.ko module loaded?') }),
    );
  });

  it('refuses a device that does not speak the vnet handshake', () => {
    expect(() => openVnet('/dev/null')).toThrow(
      expect.objectContaining({ code: 'ENOTTY', message: expect.stringContaining('/dev/null is not a vnet device') }),
    );
  });
});

describe.skipIf(!existsSync('/dev/vnet'))('with vnet.ko loaded', () => {
  const [hostA, hostB] = [uniqueName('va'), uniqueName('vb')];
  let device: VnetDevice;

  const links = async (netns: string): Promise<string[]> =>
    (await runIn(netns, ['ip', '-o', 'link'])).stdout
      .trim()
      .split('\n')
      .map((line) => line.split(': ')[1]?.split('@')[0] ?? '');

  beforeAll(async () => {
    await createNamespaces([hostA, hostB]);
    device = openVnet();
  });

  afterAll(async () => {
    device.close();
    await deleteNamespaces([hostA, hostB]);
  });

  it('completes the version handshake', () => {
    expect(device.abi).toBe(1);
    expect(device.features & vnetFeatures.batch).toBe(vnetFeatures.batch);
    expect(device.maxBatchOps).toBeGreaterThan(0);
  });

  it('builds a point-to-point link in one batch that carries a ping, counted per port', async () => {
    const [segment, portA, portB] = await device.batch([
      { op: 'segmentAdd', kind: 'p2p' },
      { op: 'portAdd', segment: { ref: 0 }, netns: hostA, ifname: 'eth0', mac: '02:00:00:00:00:0a' },
      { op: 'portAdd', segment: { ref: 0 }, netns: hostB, ifname: 'eth0', mac: '02:00:00:00:00:0b' },
    ]);
    expect([segment, portA, portB].every((id) => typeof id === 'number' && id > 0)).toBe(true);
    await runIn(hostA, ['sh', '-c', 'ip addr add 10.9.0.1/24 dev eth0 && ip link set eth0 up']);
    await runIn(hostB, ['sh', '-c', 'ip addr add 10.9.0.2/24 dev eth0 && ip link set eth0 up']);
    const ping = await runIn(hostA, ['ping', '-c', '3', '-i', '0.2', '-W', '2', '10.9.0.2']);
    expect(ping.code).toBe(0);
    const [statsA, statsB] = vnetPortStats(await device.stats([portA ?? 0, portB ?? 0]));
    expect(statsA?.txPackets).toBeGreaterThanOrEqual(3);
    expect(statsB?.rxPackets).toBeGreaterThanOrEqual(3);
    expect(
      vnetPortStats(await device.stats())
        .map((port) => port.id)
        .sort(),
    ).toEqual([portA, portB].sort());
  });

  it('counts the frames emulated loss drops under that reason', async () => {
    const [, portA] = await device.batch([
      { op: 'segmentAdd', kind: 'p2p' },
      { op: 'portAdd', segment: { ref: 0 }, netns: hostA, ifname: 'lossy0' },
      { op: 'portAdd', segment: { ref: 0 }, netns: hostB, ifname: 'lossy0' },
      { op: 'portSet', id: { ref: 1 }, egress: { lossPpm: 1_000_000 } },
    ]);
    await runIn(hostA, ['sh', '-c', 'ip addr add 10.9.1.1/24 dev lossy0 && ip link set lossy0 up']);
    await runIn(hostB, ['sh', '-c', 'ip addr add 10.9.1.2/24 dev lossy0 && ip link set lossy0 up']);
    expect((await runIn(hostA, ['ping', '-c', '2', '-i', '0.2', '-W', '1', '10.9.1.2'])).code).not.toBe(0);
    const [stats] = vnetPortStats(await device.stats([portA ?? 0]));
    expect(stats?.drops.loss).toBeGreaterThanOrEqual(2);
    expect(stats?.drops.noDest).toBe(0);
  });

  it('captures a port: rows of its frames read into the buffer, drops with their reason, a bad request named', async () => {
    const [, portA] = await device.batch([
      { op: 'segmentAdd', kind: 'p2p' },
      { op: 'portAdd', segment: { ref: 0 }, netns: hostA, ifname: 'cap0', mac: '02:00:00:00:00:1a' },
      { op: 'portAdd', segment: { ref: 0 }, netns: hostB, ifname: 'cap0', mac: '02:00:00:00:00:1b' },
    ]);
    await runIn(hostA, ['sh', '-c', 'ip addr add 10.9.5.1/24 dev cap0 && ip link set cap0 up']);
    await runIn(hostB, ['sh', '-c', 'ip addr add 10.9.5.2/24 dev cap0 && ip link set cap0 up']);
    await runIn(hostA, ['ip', 'neigh', 'replace', '10.9.5.2', 'lladdr', '02:00:00:00:00:1b', 'dev', 'cap0']);
    await runIn(hostB, ['ip', 'neigh', 'replace', '10.9.5.1', 'lladdr', '02:00:00:00:00:1a', 'dev', 'cap0']);
    const request = {
      ports: [portA ?? 0],
      points: vnetCapturePoints.after | vnetCapturePoints.dropped,
      dirs: vnetDirs.egress,
      // IPv4 only (ldh [12]; jeq #0x800; ret #96; ret #0): the kernel's own IPv6 frames on a new link stay out.
      program: [0x28, 0, 0, 12, 0x15, 0, 1, 0x800, 6, 0, 0, 96, 6, 0, 0, 0],
      snaplen: 96,
      ringBytes: 1 << 16,
    };
    const capture = await device.capture(request);
    expect((await runIn(hostA, ['ping', '-c', '2', '-i', '0.2', '-W', '1', '10.9.5.2'])).code).toBe(0);
    await device.batch([{ op: 'portSet', id: portA ?? 0, egress: { lossPpm: 1_000_000 } }]);
    expect((await runIn(hostA, ['ping', '-c', '1', '-W', '1', '10.9.5.2'])).code).not.toBe(0);
    const buffer = Buffer.alloc(4096);
    const rows = capture.read(buffer);
    const layout = captureRowLayout();
    const column = (frame: number, name: keyof typeof layout) => rows[frame * layout.width + layout[name]];
    expect(rows.length / layout.width).toBe(3);
    for (const frame of [0, 1, 2]) {
      expect(column(frame, 'length')).toBe(98);
      expect(column(frame, 'captured')).toBe(96);
      expect(column(frame, 'outgoing')).toBe(1);
      const at = column(frame, 'offset') ?? 0;
      expect(buffer.readUInt16BE(at + 12)).toBe(0x0800);
    }
    expect([0, 1, 2].map((f) => column(f, 'point'))).toEqual([
      vnetCapturePoints.after,
      vnetCapturePoints.after,
      vnetCapturePoints.dropped,
    ]);
    expect(vnetDropReasons()[(column(2, 'drop') ?? 0) - 1]).toBe('loss');
    expect(capture.read(buffer).length).toBe(0);
    capture.close();
    await expect(device.capture({ ...request, ports: [portA ?? 0, portA ?? 0] })).rejects.toMatchObject({
      code: 'EINVAL',
      message: expect.stringContaining('vnet capture of 2 port(s)'),
    });
    await expect(device.capture({ ...request, program: [6, 0, 0] })).rejects.toThrow(/4 numbers an instruction/);
    expect(device.features & vnetFeatures.capture).toBe(vnetFeatures.capture);
  });

  it('cuts IPv4 and IPv6 one way with a partition table, counted at the sending port, and heals', async () => {
    expect(device.features & vnetFeatures.partition6).toBe(vnetFeatures.partition6);
    const [, portA, portB] = await device.batch([
      { op: 'segmentAdd', kind: 'p2p' },
      { op: 'portAdd', segment: { ref: 0 }, netns: hostA, ifname: 'part0' },
      { op: 'portAdd', segment: { ref: 0 }, netns: hostB, ifname: 'part0' },
    ]);
    const up = (n: number) =>
      `ip addr add 10.9.3.${n}/24 dev part0 && ip addr add fd09:3::${n}/64 dev part0 nodad && ip link set part0 up`;
    await runIn(hostA, ['sh', '-c', up(1)]);
    await runIn(hostB, ['sh', '-c', up(2)]);
    const ping = async (to: string) => (await runIn(hostA, ['ping', '-c', '2', '-i', '0.2', '-W', '1', to])).code;
    // A learns B's IPv6 neighbour first: over the cut, B's advertisements to A are dropped like its replies.
    expect(await ping('fd09:3::2')).toBe(0);
    // Only B's group to A's: A's requests arrive, B's replies are dropped where B sends them.
    await device.setPartitions({
      groups: new Map([
        ['10.9.3.1', 0],
        ['fd09:3::1', 0],
        ['10.9.3.2', 1],
        ['fd09:3::2', 1],
      ]),
      cuts: [[1, 0]],
    });
    expect(await ping('10.9.3.2')).not.toBe(0);
    expect(await ping('fd09:3::2')).not.toBe(0);
    const [statsA, statsB] = vnetPortStats(await device.stats([portA ?? 0, portB ?? 0]));
    expect(statsB?.drops.partition).toBeGreaterThanOrEqual(4);
    expect(statsA?.drops.partition).toBe(0);
    await device.setPartitions({ groups: new Map(), cuts: [] });
    expect(await ping('10.9.3.2')).toBe(0);
    expect(await ping('fd09:3::2')).toBe(0);
  });

  it('refuses a bad partition table, in the addon or in the module, naming what is wrong', async () => {
    const cut = {
      groups: new Map([
        ['10.9.4.1', 0],
        ['10.9.4.2', 1],
      ]),
      cuts: [[0, 1]] as [number, number][],
    };
    await device.setPartitions(cut);
    await expect(device.setPartitions({ ...cut, cuts: [[0, 64]] })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG_VALUE',
      message: expect.stringContaining('cuts[1] is 64: groups are 0 to 63'),
    });
    await expect(device.setPartitions({ groups: new Map([['10.9.4.300', 0]]), cuts: [] })).rejects.toThrow(
      '"10.9.4.300" is not an IPv4 or IPv6 address',
    );
    await expect(
      device.setPartitions({
        groups: new Map([
          ['0.0.0.0', 0],
          ['10.9.4.2', 1],
        ]),
        cuts: [[0, 1]],
      }),
    ).rejects.toMatchObject({ code: 'EINVAL', message: expect.stringContaining('partition table of 2 address(es)') });
    await device.setPartitions({ groups: new Map(), cuts: [] });
  });

  it('answers an empty request with the same kind of value as a full one', async () => {
    expect(await device.stats([])).toBeInstanceOf(Float64Array);
    expect(await device.batch([])).toEqual([]);
  });

  it('rejects with the error a property getter throws, whichever property it is', async () => {
    const throwing = (object: object, key: string): never =>
      Object.defineProperty(object, key, {
        get: () => {
          throw new Error(`no ${key} here`);
        },
      }) as never;
    await expect(device.batch([throwing({ op: 'segmentAdd' }, 'kind')])).rejects.toThrow('no kind here');
    await expect(device.batch([{ op: 'segmentDel', id: throwing({}, 'ref') }])).rejects.toThrow('no ref here');
  });

  it('undoes a failing batch and names the operation that failed', async () => {
    const attempt = device.batch([
      { op: 'segmentAdd', kind: 'switch' },
      { op: 'portAdd', segment: { ref: 0 }, netns: hostA, ifname: 'eth7' },
      { op: 'portAdd', segment: { ref: 0 }, netns: hostA, ifname: 'eth7' },
    ]);
    await expect(attempt).rejects.toMatchObject({
      code: 'EEXIST',
      failedIndex: 2,
      message: expect.stringContaining(`portAdd "eth7" in namespace "${hostA}"`),
    });
    expect(await links(hostA)).not.toContain('eth7');
  });

  it('rejects a malformed operation before calling the module', async () => {
    await expect(
      device.batch([{ op: 'portAdd', segment: 1, netns: hostA, ifname: 'much-too-long-name' }]),
    ).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG_VALUE',
      message: expect.stringContaining('"much-too-long-name" is not an interface name'),
    });
    await expect(device.batch([{ op: 'portSet', id: { ref: 0 } }])).rejects.toThrow(/must name an earlier operation/);
  });

  it('pulls a cable with portState (NO-CARRIER at both ends of a p2p segment) and plugs it in again', async () => {
    const [, portA] = await device.batch([
      { op: 'segmentAdd', kind: 'p2p' },
      { op: 'portAdd', segment: { ref: 0 }, netns: hostA, ifname: 'cable0' },
      { op: 'portAdd', segment: { ref: 0 }, netns: hostB, ifname: 'cable0' },
    ]);
    for (const host of [hostA, hostB]) await runIn(host, ['ip', 'link', 'set', 'cable0', 'up']);
    const noCarrier = async (host: string) =>
      (await runIn(host, ['ip', 'link', 'show', 'cable0'])).stdout.includes('NO-CARRIER');
    await device.batch([{ op: 'portState', id: portA ?? 0, carrier: false, seed: 7 }]);
    await expect.poll(() => noCarrier(hostA)).toBe(true);
    await expect.poll(() => noCarrier(hostB)).toBe(true);
    await device.batch([{ op: 'portState', id: portA ?? 0, carrier: true }]);
    await expect.poll(() => noCarrier(hostA)).toBe(false);
    await expect.poll(() => noCarrier(hostB)).toBe(false);
    await expect(device.batch([{ op: 'portState', id: portA ?? 0 }])).rejects.toThrow(/needs carrier, seed or both/);
  });

  it('joins two switches with a link whose linkSet loses what one side sends and linkState cuts', async () => {
    const [, , link, portA] = await device.batch([
      { op: 'segmentAdd', kind: 'switch' },
      { op: 'segmentAdd', kind: 'switch' },
      { op: 'linkAdd', a: { ref: 0 }, b: { ref: 1 } },
      { op: 'portAdd', segment: { ref: 0 }, netns: hostA, ifname: 'trunk0' },
      { op: 'linkSet', id: { ref: 2 }, ab: { lossPpm: 1_000_000 } },
      { op: 'portAdd', segment: { ref: 1 }, netns: hostB, ifname: 'trunk0' },
    ]);
    await runIn(hostA, ['sh', '-c', 'ip addr add 10.9.2.1/24 dev trunk0 && ip link set trunk0 up']);
    await runIn(hostB, ['sh', '-c', 'ip addr add 10.9.2.2/24 dev trunk0 && ip link set trunk0 up']);
    const pings = async () => (await runIn(hostA, ['ping', '-c', '2', '-i', '0.2', '-W', '1', '10.9.2.2'])).code === 0;
    expect(await pings()).toBe(false);
    const [stats] = vnetPortStats(await device.stats([portA ?? 0]));
    expect(stats?.drops.loss).toBeGreaterThanOrEqual(2);
    await device.batch([{ op: 'linkSet', id: link ?? 0, ab: {} }]);
    expect(await pings()).toBe(true);
    await device.batch([{ op: 'linkState', id: link ?? 0, carrier: false }]);
    expect(await pings()).toBe(false);
    await device.batch([{ op: 'linkState', id: link ?? 0, carrier: true }]);
    expect(await pings()).toBe(true);
    await expect(device.batch([{ op: 'linkSet', id: link ?? 0 }])).rejects.toThrow(/\(linkSet\) needs ab, ba or both/);
  });

  it('detaches a program and names what the module or the addon refuses', async () => {
    const [, port] = await device.batch([
      { op: 'segmentAdd', kind: 'hub' },
      { op: 'portAdd', segment: { ref: 0 }, netns: hostA, ifname: 'prog0' },
    ]);
    const id = port ?? 0;
    expect(device.features & vnetFeatures.prog).toBe(vnetFeatures.prog);
    await expect(device.prog({ kind: 'port', id, dirs: vnetDirs.egress, fd: -1 })).resolves.toBeUndefined();
    const notProgram = openSync('/dev/null', 'r');
    try {
      await expect(
        device.prog({ kind: 'port', id, dirs: vnetDirs.egress | vnetDirs.ingress, fd: notProgram }),
      ).rejects.toMatchObject({
        code: 'EINVAL',
        message: expect.stringContaining(
          `program attached to port ${id} egress and ingress, fd ${notProgram} (the descriptor is not a BPF program of type sched_cls`,
        ),
      });
    } finally {
      closeSync(notProgram);
    }
    await expect(device.prog({ kind: 'link', id: 9999, dirs: vnetLinkDirs.ba, fd: -1 })).rejects.toMatchObject({
      code: 'ENOENT',
      message: expect.stringContaining('program detached from link 9999 ba, fd -1 (no such id on this device)'),
    });
    await expect(device.prog({ kind: 'port', id, dirs: 4, fd: -1 })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG_VALUE',
      message: expect.stringContaining('vnet program: dirs is 4: it must be between 1 and 3'),
    });
    await expect(device.prog({ kind: 'wire' as 'port', id, dirs: 1, fd: -1 })).rejects.toThrow(
      `vnet program: kind is "wire": it must be 'port' or 'link'`,
    );
  });

  it('removes every port when the device is closed', async () => {
    const other = openVnet();
    await other.batch([
      { op: 'segmentAdd', kind: 'hub' },
      { op: 'portAdd', segment: { ref: 0 }, netns: hostB, ifname: 'hub0' },
    ]);
    expect(await links(hostB)).toContain('hub0');
    other.close();
    await expect(other.stats()).rejects.toMatchObject({ code: 'EBADF' });
    await expect.poll(() => links(hostB)).not.toContain('hub0');
  });
});
