import { describe, expect, it } from 'vitest';
import { readTopology } from '../../common/topology/index.js';
import { hostsOnTwoSwitches } from '../../common/topology/fixture.js';
import { vnetDirs, vnetLinkDirs } from '../../native/index.js';
import { planNetwork } from '../plan/plan.js';
import type { BpfProgram } from '../../native/index.js';
import { programRequest } from './programs.js';

const program: BpfProgram = { fd: 7, maps: [] };

describe('programRequest', () => {
  const plan = planNetwork(
    readTopology({
      ...hostsOnTwoSwitches(),
      links: [
        ...hostsOnTwoSwitches().links,
        { id: 'a-b', a: { node: 'a' }, b: { node: 'b' } },
      ],
    }),
  );
  const ids = {
    ports: new Map([
      ['a-s1.a', 1],
      ['b-s2.a', 2],
      ['a-b.a', 3],
      ['a-b.b', 4],
    ]),
    trunks: new Map([['s1-s2', 9]]),
  };
  const request = (id: string, direction: 'a>b' | 'b>a', attached: BpfProgram | null = program) =>
    programRequest({ link: plan.links.get(id)!, direction, program: attached }, ids);

  it('puts a direction between two hosts on the sender’s port, egress', () => {
    expect(request('a-b', 'a>b')).toEqual({ kind: 'port', id: 3, dirs: vnetDirs.egress, fd: 7 });
    expect(request('a-b', 'b>a')).toEqual({ kind: 'port', id: 4, dirs: vnetDirs.egress, fd: 7 });
  });

  it('puts both directions of a link to a switch on the host’s port: egress what it sends, ingress what it receives', () => {
    expect(request('a-s1', 'a>b')).toEqual({ kind: 'port', id: 1, dirs: vnetDirs.egress, fd: 7 });
    expect(request('a-s1', 'b>a')).toEqual({ kind: 'port', id: 1, dirs: vnetDirs.ingress, fd: 7 });
  });

  it('puts a trunk’s directions on its module link (a>b: AB), and detaches with fd -1', () => {
    expect(request('s1-s2', 'a>b')).toEqual({ kind: 'link', id: 9, dirs: vnetLinkDirs.ab, fd: 7 });
    expect(request('s1-s2', 'b>a', null)).toEqual({ kind: 'link', id: 9, dirs: vnetLinkDirs.ba, fd: -1 });
  });
});
