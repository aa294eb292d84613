/** The document unit tests (of the designer, scenarios, labs) work on: hosts a (at 10.0.1.1/24) and b, each linked to switch lan. */
import { readTopology, type Topology } from './index.js';

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
