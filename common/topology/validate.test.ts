import { describe, expect, it } from 'vitest';
import { formatProblems, parseTopology, parseTopologyText, type TopologyInput } from './index.js';

const host = (id: string, x = 0) => ({ id, kind: 'host' as const, name: id, position: { x, y: 0 } });
const sw = (id: string) => ({ id, kind: 'switch' as const, name: id, position: { x: 0, y: 100 } });

function lan(): TopologyInput {
  return {
    version: 1,
    nodes: [host('h1'), host('h2', 100), sw('s1')],
    links: [
      { id: 'l1', a: { node: 'h1', address: '10.0.1.1/24' }, b: { node: 's1' } },
      { id: 'l2', a: { node: 'h2' }, b: { node: 's1' } },
    ],
  };
}

function problemsOf(doc: unknown): string {
  const result = parseTopology(doc);
  if (result.ok) throw new Error('expected the document to be refused');
  return formatProblems(result.problems);
}

describe('a good document', () => {
  it('is read with defaults filled in', () => {
    const result = parseTopology(lan());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.topology.routing).toBe('static');
    expect(result.topology.addressPool).toEqual({ ipv4: '10.0.0.0/16', subnetPrefix: 24, ipv6: 'fd76:6e65:7400::/48' });
    expect(result.topology.links[0]?.params).toEqual({
      delayMs: 0,
      jitterMs: 0,
      lossPercent: 0,
      duplicatePercent: 0,
      rateBps: 0,
      queuePackets: 1000,
    });
  });

  it("keeps a link's programs, per direction, as written", () => {
    const doc = lan();
    const programs = { 'b>a': { file: '../bpf/count.bpf.o', section: 'tc' } };
    doc.links[1]!.programs = programs;
    const result = parseTopology(doc);
    expect(result.ok && result.topology.links[1]?.programs).toEqual(programs);
  });

  it('accepts switch-to-switch links and one subnet across them', () => {
    const doc = lan();
    doc.nodes.push(sw('s2'), host('h3'));
    doc.links.push(
      { id: 'l3', a: { node: 's1' }, b: { node: 's2' } },
      { id: 'l4', a: { node: 'h3', address: '10.0.1.3/24' }, b: { node: 's2' } },
    );
    expect(parseTopology(doc).ok).toBe(true);
  });
});

describe('a bad document', () => {
  it('names a link endpoint that points at a missing node', () => {
    const doc = lan();
    doc.links[1]!.a.node = 'h9';
    expect(problemsOf(doc)).toBe('links[1].a.node: no node "h9"');
  });

  it('refuses unknown and missing versions', () => {
    expect(problemsOf({ ...lan(), version: 2 })).toBe('version: unsupported version 2 (this vnet reads version 1)');
    const { version: _, ...unversioned } = lan();
    expect(problemsOf(unversioned)).toMatch(/^version: missing/);
  });

  it('refuses duplicate node ids, names and link ids', () => {
    const doc = lan();
    doc.nodes.push({ ...host('h1'), name: 'other' }, { ...host('h4'), name: 'h2' });
    doc.links.push({ id: 'l1', a: { node: 'h4' }, b: { node: 's1' } });
    const text = problemsOf(doc);
    expect(text).toContain('nodes[3].id: duplicate id "h1" (also nodes[0])');
    expect(text).toContain('nodes[4].name: duplicate name "h2" (also nodes[1])');
    expect(text).toContain('links[2].id: duplicate id "l1" (also links[0])');
  });

  it('refuses a self-link', () => {
    const doc = lan();
    doc.links.push({ id: 'l3', a: { node: 'h1' }, b: { node: 'h1' } });
    expect(problemsOf(doc)).toBe('links[2].b.node: a link cannot join node "h1" to itself');
  });

  it('refuses invalid addresses', () => {
    for (const [address, why] of [
      ['10.0.1.300/24', 'is not an IPv4 address'],
      ['10.0.1.2', 'is not an IPv4 address'],
      ['10.0.1.0/24', 'network or broadcast'],
      ['10.0.1.255/24', 'network or broadcast'],
      ['10.0.1.2/31', 'outside /8../30'],
    ] as const) {
      const doc = lan();
      doc.links[1]!.a.address = address;
      expect(problemsOf(doc)).toMatch(new RegExp(`^links\\[1\\]\\.a\\.address: .*${why}`));
    }
  });

  it('refuses a duplicate address', () => {
    const doc = lan();
    doc.links[1]!.a.address = '10.0.1.1/24';
    expect(problemsOf(doc)).toBe('links[1].a.address: address 10.0.1.1/24 is already used by links[0].a.address');
  });

  it('refuses two subnets on one segment and overlapping subnets on two', () => {
    const mixed = lan();
    mixed.links[1]!.a.address = '10.0.2.2/24';
    expect(problemsOf(mixed)).toBe('links[1].a.address: not in subnet 10.0.1.0/24 of its segment (links[0].a.address)');

    const overlapping = lan();
    overlapping.nodes.push(host('h3'), host('h4'));
    overlapping.links.push({ id: 'p2p', a: { node: 'h3', address: '10.0.0.1/16' }, b: { node: 'h4' } });
    expect(problemsOf(overlapping)).toMatch(/^links\[2\]\.a\.address: subnet 10\.0\.0\.0\/16 overlaps 10\.0\.1\.0\/24/);
  });

  it('refuses invalid IPv6 addresses, saying why', () => {
    for (const [address, why] of [
      ['fd00:0:0:1::2', 'is not an IPv6 address with prefix, like fd00:0:0:1::2/64'],
      ['fd00::1::2/64', 'is not an IPv6 address'],
      [
        '10.0.1.5/24',
        'is not an IPv6 address with prefix, like fd00:0:0:1::2/64 \\(an IPv4 address goes in address\\)',
      ],
      ['fd00::2/128', 'outside /16../127'],
      ['fe80::2/64', 'is link-local'],
      ['ff02::2/64', 'is a multicast address'],
      ['fd00:0:0:1::/64', 'router anycast address'],
    ] as const) {
      const doc = lan();
      doc.links[1]!.a.address6 = address;
      expect(problemsOf(doc)).toMatch(new RegExp(`^links\\[1\\]\\.a\\.address6: .*${why}`));
    }
    const v6InV4 = lan();
    v6InV4.links[1]!.a.address = 'fd00::2/64';
    expect(problemsOf(v6InV4)).toMatch(/^links\[1\]\.a\.address: .*\(an IPv6 address goes in address6\)$/);
  });

  it('checks IPv6 addresses per segment as IPv4 ones', () => {
    const twice = lan();
    twice.links[0]!.a.address6 = 'fd00:0:0:1::1/64';
    twice.links[1]!.a.address6 = 'fd00:0:0:1::1/64';
    expect(problemsOf(twice)).toBe(
      'links[1].a.address6: address fd00:0:0:1::1/64 is already used by links[0].a.address6',
    );
    const mixed = lan();
    mixed.links[0]!.a.address6 = 'fd00:0:0:1::1/64';
    mixed.links[1]!.a.address6 = 'fd00:0:0:2::1/64';
    expect(problemsOf(mixed)).toBe(
      'links[1].a.address6: not in subnet fd00:0:0:1::/64 of its segment (links[0].a.address6)',
    );
  });

  it('refuses an end without a family, and an address of a family the end lacks', () => {
    const none = lan();
    none.nodes[0] = { ...host('h1'), ip: 'ipv4' };
    none.links[0] = { ...none.links[0]!, a: { node: 'h1' }, ip: 'ipv6' };
    expect(problemsOf(none)).toBe(
      'links[0].ip: "h1" is ipv4-only and the link ipv6-only: the end would have no address',
    );

    const v4Node = lan();
    v4Node.nodes[1] = { ...host('h2', 100), ip: 'ipv4' };
    v4Node.links[1]!.a.address6 = 'fd00::2/64';
    expect(problemsOf(v4Node)).toBe('links[1].a.address6: this end has no IPv6: node "h2" is ipv4-only');

    const v6Link = lan();
    v6Link.links[0]!.ip = 'ipv6';
    expect(problemsOf(v6Link)).toBe('links[0].a.address: this end has no IPv4: the link is ipv6-only');
  });

  it('refuses an IPv6 pool that is not one or is longer than a /64', () => {
    expect(problemsOf({ ...lan(), addressPool: { ipv6: '10.0.0.0/8' } })).toBe(
      'addressPool.ipv6: "10.0.0.0/8" is not an IPv6 prefix, like fd00:0:0:1::2/64',
    );
    expect(problemsOf({ ...lan(), addressPool: { ipv6: 'fd00::/80' } })).toBe(
      'addressPool.ipv6: /80 is longer than the /64 each segment takes',
    );
  });

  it('keeps routing modes, AS numbers and FRR configurations to routers, and reads auto as static', () => {
    const doc = lan();
    doc.nodes[0] = { ...host('h1'), routing: 'ospf', asn: 65001 };
    expect(problemsOf(doc)).toBe(
      [
        'nodes[0].routing: only a router has one (this is a host)',
        'nodes[0].asn: only a router has one (this is a host)',
      ].join('\n'),
    );
    const auto = parseTopology({ ...lan(), routing: 'auto' });
    expect(auto.ok && auto.topology.routing).toBe('static');
    expect(problemsOf({ ...lan(), routing: 'rip' })).toMatch(/^routing: /);
  });

  it("takes a router's own FRR configuration inline or from a file, not both", () => {
    const doc = lan();
    doc.nodes[0] = { ...host('h1'), frrFile: 'r1.conf' };
    expect(problemsOf(doc)).toBe('nodes[0].frrFile: only a router has one (this is a host)');
    doc.nodes[0] = { ...host('h1'), kind: 'router', frrFile: 'r1.conf' };
    expect(parseTopology(doc).ok).toBe(true);
    doc.nodes[0] = { ...doc.nodes[0], frr: 'hostname r1\n' };
    expect(problemsOf(doc)).toBe(
      'nodes[0].frrFile: a router has its own FRR configuration inline (frr) or in a file, not both',
    );
    doc.nodes[0] = { ...host('h1'), kind: 'router', frrFile: '' };
    expect(problemsOf(doc)).toBe('nodes[0].frrFile: must name the FRR configuration file');
  });

  it('refuses switches joined in a loop, naming the links around it', () => {
    const doc = lan();
    doc.nodes.push(sw('s2'), sw('s3'), sw('s4'));
    doc.links.push(
      { id: 's1-s2', a: { node: 's1' }, b: { node: 's2' } },
      { id: 's2-s3', a: { node: 's2' }, b: { node: 's3' } },
      { id: 's4-s2', a: { node: 's4' }, b: { node: 's2' } },
      { id: 's3-s1', a: { node: 's3' }, b: { node: 's1' } },
      { id: 's2-s1', a: { node: 's2' }, b: { node: 's1' } },
    );
    expect(problemsOf(doc)).toBe(
      [
        'links[5]: links s1-s2, s2-s3, s3-s1 join switches in a loop: vnet runs no spanning tree, so switches must form a tree',
        'links[6]: links s1-s2, s2-s1 join switches in a loop: vnet runs no spanning tree, so switches must form a tree',
      ].join('\n'),
    );
  });

  it('refuses an address on a switch port', () => {
    const doc = lan();
    doc.links[0]!.b.address = '10.0.1.9/24';
    expect(problemsOf(doc)).toBe('links[0].b.address: a switch takes no address (it is a layer-2 segment)');
  });

  it('names bad field values and unknown fields', () => {
    const doc = lan();
    (doc.links[0] as { params?: unknown }).params = { delayMs: -5 };
    (doc.nodes[0] as Record<string, unknown>).colour = 'red';
    const text = problemsOf(doc);
    expect(text).toContain('links[0].params.delayMs: delay cannot be negative');
    expect(text).toMatch(/nodes\[0\]: Unrecognized key: "colour"/);
  });

  it("names what is wrong with a link's programs", () => {
    const doc = lan();
    (doc.links[0] as Record<string, unknown>).programs = {
      'a>b': { file: '', section: 'tc' },
      'b>a': { file: 'drop.bpf.o' },
      'a>c': { file: 'drop.bpf.o', section: 'tc' },
    };
    const text = problemsOf(doc);
    expect(text).toContain("links[0].programs.a>b.file: must name the program's object file");
    expect(text).toContain('links[0].programs.b>a.section: ');
    expect(text).toMatch(/links\[0\]\.programs: Unrecognized key: "a>c"/);
  });

  it('refuses a pool that cannot hold the segments, as a start would', () => {
    const hosts = Array.from({ length: 301 }, (_, i) => host(`h${i}`));
    const chain: TopologyInput = {
      version: 1,
      nodes: hosts,
      links: hosts.slice(1).map((h, i) => ({ id: `l${i}`, a: { node: `h${i}` }, b: { node: h.id } })),
      addressPool: { ipv4: '10.0.0.0/24', subnetPrefix: 30 },
    };
    expect(problemsOf(chain)).toBe('addressPool: address pool 10.0.0.0/24 has no free /30 left for segment "l64"');
  });

  it('refuses a subnet too small for its segment', () => {
    const doc = lan();
    doc.addressPool = { ipv4: '10.0.0.0/16', subnetPrefix: 30 };
    doc.nodes.push(host('h3', 200), host('h4', 300));
    doc.links.push(
      { id: 'l3', a: { node: 'h3' }, b: { node: 's1' } },
      { id: 'l4', a: { node: 'h4' }, b: { node: 's1' } },
    );
    doc.links[0]!.a.address = undefined;
    expect(problemsOf(doc)).toBe('addressPool: subnet 10.0.0.0/30 of segment "s1" is full');
  });

  it('reports text that is not JSON', () => {
    const result = parseTopologyText('{"version": 1,');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toMatch(/^not valid JSON/);
  });
});

describe('private directories', () => {
  const withDirs = (privateDirs: string[]): TopologyInput => {
    const doc = lan();
    doc.nodes[0] = { ...host('h1'), privateDirs };
    return doc;
  };

  it('accepts absolute paths outside the system trees', () => {
    expect(parseTopology(withDirs(['/var/lib/etcd', '/srv/data', '/etc/myapp', '/opt/x.y'])).ok).toBe(true);
  });

  it.each([
    ['/', 'must be an absolute directory path without "." or ".." parts'],
    ['var/lib', 'must be an absolute directory path without "." or ".." parts'],
    ['/var/lib/../../etc', 'must be an absolute directory path without "." or ".." parts'],
    ['/var/./lib', 'must be an absolute directory path without "." or ".." parts'],
    ['/etc', "every host needs the machine's /etc: name a directory inside it"],
    ['/usr', "every host needs the machine's /usr: name a directory inside it"],
    ['/proc', '/proc belongs to the kernel: nothing in it can be private'],
    ['/sys/fs/cgroup', '/sys belongs to the kernel: nothing in it can be private'],
    ['/dev', '/dev belongs to the kernel: nothing in it can be private'],
    ['/run', 'every host has its own /run already'],
    ['/tmp/app', 'every host has its own /tmp already'],
    ['/var/log/etcd', 'every host has its own /var/log already'],
  ])('refuses %s, saying why', (path, message) => {
    expect(problemsOf(withDirs([path]))).toBe(`nodes[0].privateDirs[0]: ${message}`);
  });

  it('refuses a directory listed twice or inside another one', () => {
    expect(problemsOf(withDirs(['/srv/a', '/srv/a']))).toBe('nodes[0].privateDirs[1]: /srv/a is listed twice');
    expect(problemsOf(withDirs(['/srv/a/b', '/srv/a']))).toBe(
      'nodes[0].privateDirs[0]: /srv/a/b is inside /srv/a, which is private already',
    );
  });
});
