import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BpfCounters, bpfCountersLayout, createNamespaces, deleteNamespaces, linkStats } from './index.js';
import { runIn, uniqueName } from './integration-helpers.js';

// A fabric (a bridge and two ports) between two hosts, as the netns backend builds it.
const fabric = uniqueName('bpfc');
const hosts = [uniqueName('bpfc-h1'), uniqueName('bpfc-h2')] as const;

const ip = (netns: string, ...args: string[]) =>
  runIn(netns, ['ip', ...args]).then((r) => expect(r.code, r.stderr).toBe(0));

let counters: BpfCounters;

beforeAll(async () => {
  await createNamespaces([fabric, ...hosts]);
  // Attached before any port exists, as the backend does: its totals are then the devices' own.
  counters = BpfCounters.open(fabric);
  await ip(fabric, 'link', 'add', 'br0', 'type', 'bridge');
  await ip(fabric, 'link', 'set', 'br0', 'up');
  for (const [i, host] of hosts.entries()) {
    await ip(fabric, ...`link add p${i} master br0 up type veth peer name eth0 netns ${host}`.split(' '));
    await ip(host, 'addr', 'add', `10.77.0.${i + 1}/24`, 'dev', 'eth0');
    await ip(host, 'link', 'set', 'eth0', 'up');
  }
});

afterAll(async () => {
  counters?.close();
  await deleteNamespaces([fabric, ...hosts]);
});

/** The ports' totals as [rxPackets, txPackets, rxBytes, txBytes], from the program and from the kernel's dump. */
async function bothSources() {
  const ports = (await linkStats(fabric)).filter((l) => /^p\d$/.test(l.name));
  const layout = bpfCountersLayout();
  const out = new Float64Array(ports.length * layout.width);
  counters.read(new Int32Array(ports.map((p) => p.ifindex)), out, new Int32Array(ports.length));
  const columns = [layout.rxPackets, layout.txPackets, layout.rxBytes, layout.txBytes];
  return {
    bpf: ports.map((_, i) => columns.map((column) => out[i * layout.width + column])),
    dump: ports.map((p) => [p.rxPackets, p.txPackets, p.rxBytes, p.txBytes]),
  };
}

describe('BpfCounters', () => {
  it("counts the fabric's ports exactly as the devices do, bytes with the Ethernet header", async () => {
    for (const size of ['56', '1400', '3000']) {
      const ping = await runIn(hosts[0], ['ping', '-c', '3', '-i', '0.05', '-s', size, '-W', '1', '10.77.0.2']);
      expect(ping.code, ping.stdout).toBe(0);
    }
    const { bpf, dump } = await bothSources();
    expect(bpf).toEqual(dump);
    // The fragments of 3,000-byte pings both ways, ARP and the others: more than the echoes alone.
    expect(bpf[0]![0]).toBeGreaterThanOrEqual(12);
  });

  it('tells which devices changed since the last read, and reads zeros past its capacity', () => {
    const layout = bpfCountersLayout();
    const indexes = new Int32Array([1, counters.capacity, 1]);
    const out = new Float64Array(3 * layout.width).fill(7);
    out.fill(0, layout.width, 2 * layout.width);
    const changed = new Int32Array(3).fill(-1);
    expect(counters.read(indexes, out, changed)).toBe(2);
    expect([...changed]).toEqual([0, 2, -1]);
    expect(counters.read(indexes, out, changed)).toBe(0);
    expect([...out.subarray(layout.width, 2 * layout.width)]).toEqual([0, 0, 0, 0]);
  });

  it('refuses rows of the wrong size, too short a list of changes and reads after close', () => {
    const other = BpfCounters.open(fabric);
    expect(() => other.read(new Int32Array(2), new Float64Array(4), new Int32Array(2))).toThrow(/4 values per ifindex/);
    expect(() => other.read(new Int32Array(2), new Float64Array(8), new Int32Array(1))).toThrow(
      /changed must hold one value per ifindex/,
    );
    other.close();
    expect(() => other.read(new Int32Array(1), new Float64Array(4), new Int32Array(1))).toThrow(/closed/);
  });

  it('refuses a missing namespace naming it', () => {
    const absent = uniqueName('absent');
    expect(() => BpfCounters.open(absent)).toThrow(`namespace "${absent}": open /run/netns/${absent}`);
  });
});
