import { describe, expect, it } from 'vitest';
import { planNetwork } from '../plan/plan.js';
import { sample } from '../test-samples.js';

describe('FRR of the routers', () => {
  it('runs OSPFv2 and OSPFv3 on every router interface, in area 0 with fast timers, and no static routes on routers', () => {
    const plan = planNetwork(sample('ospf-ring'));
    const r1 = plan.hosts.get('r1')!;
    expect(r1.frr!.daemons).toEqual(['zebra', 'ospfd', 'ospf6d']);
    expect(r1.routes).toEqual([]);
    expect(plan.hosts.get('h1')!.routes).toEqual([
      { to: 'default', via: '10.60.6.1' },
      { to: 'default', via: 'fd60:0:0:6::1' },
    ]);
    const config = r1.frr!.config;
    expect(config).toContain('hostname r1\n');
    for (const i of r1.interfaces)
      expect(config).toContain(
        `interface ${i.name}\n ip ospf area 0\n ip ospf hello-interval 1\n ip ospf dead-interval 4\n ipv6 ospf6 area 0\n`,
      );
    expect(config).toContain('router ospf\n ospf router-id 0.0.0.1\n');
    expect(plan.hosts.get('r4')!.frr!.config).toContain('router ospf6\n ospf6 router-id 0.0.0.4\n');
    expect(r1.privateDirs).toContain('/etc/frr');
    expect(r1.files.map((f) => f.path)).toEqual(['/etc/frr/frr.conf', '/etc/frr/vtysh.conf']);
  });

  it('peers eBGP over each router-to-router link, in both families, with the ASes the document gives', () => {
    const plan = planNetwork(sample('bgp-two-as'));
    const config = plan.hosts.get('r1')!.frr!.config;
    const [v4, v6] = ['address', 'address6'] as const;
    const peer = plan.hosts.get('r2')!.interfaces.find((i) => i.linkId === 'r1-r2')!;
    expect(config).toContain('router bgp 65001\n');
    expect(config).toContain(` neighbor ${peer[v4]!.split('/')[0]} remote-as 65002\n`);
    expect(config).toContain(`  neighbor ${peer[v6]!.split('/')[0]} activate\n`);
    // Not with the hosts: they are no routers.
    expect(config.match(/remote-as/g)).toHaveLength(2);
  });

  it("installs a router's own configuration as is, with the daemons its sections name", () => {
    const own = 'hostname edge\nip route 10.99.0.0/24 10.20.2.2\nrouter ospf\n network 10.0.0.0/8 area 0\n';
    const doc = sample('routed');
    const plan = planNetwork({ ...doc, nodes: doc.nodes.map((n) => (n.id === 'r1' ? { ...n, frr: own } : n)) });
    expect(plan.hosts.get('r1')!.frr).toEqual({ daemons: ['zebra', 'staticd', 'ospfd'], config: own });
    expect(plan.hosts.get('r2')!.frr).toBeUndefined();
    expect(plan.hosts.get('r2')!.routes.length).toBeGreaterThan(0);
  });
});
