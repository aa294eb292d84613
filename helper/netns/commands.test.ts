import { describe, expect, it } from 'vitest';
import { linkParamsSchema } from '../../common/topology/index.js';
import { bridgeLines, egressLines, lossHooks, lossLines, randomDropBytecode } from './commands.js';

const params = (p: Record<string, number>) => linkParamsSchema.parse(p);

describe('netns commands', () => {
  it('matches a random u32 below loss × 2^32', () => {
    expect(randomDropBytecode(50)).toBe('4,32 0 0 4294963256,37 0 1 2147483647,6 0 0 0,6 0 0 4294967295');
    expect(randomDropBytecode(100)).toContain('37 0 1 4294967294');
  });

  it('makes a hub a bridge that forgets MACs at once, and no bridge snoop multicast', () => {
    expect(bridgeLines('b0', 'hub')[0]).toBe('link add b0 type bridge mcast_snooping 0 ageing_time 0');
    expect(bridgeLines('b1', 'switch')[0]).toBe('link add b1 type bridge mcast_snooping 0');
  });

  it('shapes rate with tbf without netem, netem with it, and removes only what it installed', () => {
    const rate = params({ rateBps: 10_000_000, queuePackets: 100 });
    expect(egressLines('eth0', rate, { netem: false }, false)).toEqual([
      'qdisc replace dev eth0 root tbf rate 10000000bit burst 5000 limit 151400',
    ]);
    const delayed = params({ delayMs: 50, jitterMs: 5, lossPercent: 1 });
    expect(egressLines('eth0', delayed, { netem: true }, false)).toEqual([
      'qdisc replace dev eth0 root netem limit 1000 delay 50ms 5ms loss 1%',
    ]);
    expect(egressLines('eth0', params({}), { netem: false }, true)).toEqual(['qdisc del dev eth0 root']);
    expect(egressLines('eth0', params({}), { netem: false }, false)).toEqual([]);
  });

  it('adds loss filters on both directions once, and deletes them when loss goes back to 0', () => {
    const lossy = { ingress: params({ lossPercent: 20 }), egress: params({ lossPercent: 20 }) };
    const none = { ingress: params({}), egress: params({}) };
    const both = ['ingress', 'egress'] as const;
    const first = lossLines('p3', lossy, { netem: false }, { clsact: false, filters: [] });
    expect(first[0]).toBe('qdisc add dev p3 clsact');
    expect(first.slice(1).map((l) => l.split(' bpf ')[0])).toEqual([
      'filter replace dev p3 ingress pref 2 handle 1',
      'filter replace dev p3 egress pref 2 handle 1',
    ]);
    expect(lossLines('p3', lossy, { netem: false }, { clsact: true, filters: both })).toHaveLength(2);
    expect(lossLines('p3', none, { netem: false }, { clsact: true, filters: both })).toEqual([
      'filter del dev p3 ingress pref 2',
      'filter del dev p3 egress pref 2',
    ]);
    expect(lossLines('p3', lossy, { netem: true }, { clsact: false, filters: [] })).toEqual([]);
  });

  it('drops per direction: a filter on the hook whose direction is lossy, none on the other', () => {
    const oneWay = { ingress: params({ lossPercent: 30 }), egress: params({}) };
    const lines = lossLines('p3', oneWay, { netem: false }, { clsact: true, filters: ['egress'] });
    expect(lines.map((l) => l.split(' bpf ')[0])).toEqual([
      'filter replace dev p3 ingress pref 2 handle 1',
      'filter del dev p3 egress pref 2',
    ]);
    expect(lossHooks(oneWay, { netem: false })).toEqual(['ingress']);
  });
});
