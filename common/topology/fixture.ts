/** The document unit tests (of the designer, scenarios, labs) work on: hosts a (at 10.0.1.1/24) and b, each linked to switch lan. */
import { readTopology, type Topology, type TopologyInput } from './index.js';

export const twoHostsOnSwitch = (): Topology =>
  readTopology({
    version: 1,
    nodes: [
      { id: 'a', kind: 'host', name: 'a', position: { x: 0, y: 0 } },
      { id: 'b', kind: 'host', name: 'b', position: { x: 0, y: 0 } },
      { id: 'lan', kind: 'switch', name: 'lan', position: { x: 0, y: 0 } },
    ],
    links: [
      { id: 'a-lan', a: { node: 'a', address: '10.0.1.1/24' }, b: { node: 'lan' } },
      { id: 'b-lan', a: { node: 'b' }, b: { node: 'lan' } },
    ],
  });

/** Switches s1 and s2 joined by trunk s1-s2 (links[0], with `trunk` on it), host a on s1 and b on s2. */
export const hostsOnTwoSwitches = (trunk: Partial<TopologyInput['links'][number]> = {}): TopologyInput => ({
  version: 1,
  nodes: ['s1', 's2', 'a', 'b'].map((id) => ({
    id,
    kind: id.startsWith('s') ? 'switch' : 'host',
    name: id,
    position: { x: 0, y: 0 },
  })),
  links: [
    { id: 's1-s2', a: { node: 's1' }, b: { node: 's2' }, ...trunk },
    { id: 'a-s1', a: { node: 'a' }, b: { node: 's1' } },
    { id: 'b-s2', a: { node: 'b' }, b: { node: 's2' } },
  ],
});
