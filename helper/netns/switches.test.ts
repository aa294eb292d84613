import { describe, expect, it } from 'vitest';
import { EMPTY_PLAN } from '../plan/diff.js';
import type { PlannedInterface } from '../plan/plan.js';
import { BRIDGE_PORTS, FabricSwitches, refuseCrowdedSwitches, SWITCH_PORTS } from './switches.js';

function fabric() {
  let next = 0;
  return new FabricSwitches((prefix) => `${prefix}${next++}`);
}

describe('switches as bridges', () => {
  it('fills the root bridge, then leaves joined to it by uplinks', () => {
    const switches = fabric();
    expect(switches.add({ id: 's', kind: 'hub', segment: 's' })).toEqual([
      'link add b0 type bridge mcast_snooping 0 ageing_time 0',
      'link set b0 up',
    ]);
    const placed = Array.from({ length: BRIDGE_PORTS + 1 }, (_, i) => switches.place('s', `p${i}`));
    expect(new Set(placed.slice(0, BRIDGE_PORTS).map((p) => p.bridge))).toEqual(new Set(['b0']));
    expect(placed.slice(0, BRIDGE_PORTS).flatMap((p) => p.lines)).toEqual([]);
    expect(placed[BRIDGE_PORTS]).toEqual({
      bridge: 'b1',
      lines: [
        'link add b1 type bridge mcast_snooping 0 ageing_time 0',
        'link set b1 up',
        'link add ub1 type veth peer name db1',
        'link set ub1 master b1 up',
        'link set db1 master b0 up',
      ],
    });
    expect(switches.bridgesMade).toBe(2);
  });

  it('gives a removed port its place back, and removes leaves, uplinks and root', () => {
    const switches = fabric();
    switches.add({ id: 's', kind: 'switch', segment: 's' });
    for (let i = 0; i <= BRIDGE_PORTS; i++) switches.place('s', `p${i}`);
    switches.free('p7');
    expect(switches.place('s', 'again')).toEqual({ bridge: 'b0', lines: [] });
    expect(switches.remove('s')).toEqual(['link del ub1', 'link del b1', 'link del b0']);
  });

  it('says when a switch has more ports than its bridges take', () => {
    const switches = fabric();
    switches.add({ id: 's', kind: 'switch', segment: 's' });
    for (let i = 0; i < SWITCH_PORTS; i++) switches.place('s', `p${i}`);
    expect(() => switches.place('s', 'one-more')).toThrow(`switch s: more than ${SWITCH_PORTS} ports`);
  });
});

describe('refuseCrowdedSwitches', () => {
  it('names a switch with more hosts and trunks than its bridges take, before anything is built', () => {
    const ports = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ key: `l${i}.a`, switch: 's' }) as PlannedInterface);
    const plan = (count: number) => ({
      ...EMPTY_PLAN,
      hosts: new Map([['h', { interfaces: ports(count) } as never]]),
      links: new Map([['s-t', { trunk: { a: 's', b: 't' } } as never]]),
    });
    expect(() => refuseCrowdedSwitches(plan(SWITCH_PORTS - 1))).not.toThrow();
    expect(() => refuseCrowdedSwitches(plan(SWITCH_PORTS))).toThrow(
      `switch s: ${SWITCH_PORTS + 1} links, more than the ${SWITCH_PORTS} this backend builds`,
    );
  });
});
