import { describe, expect, it } from 'vitest';
import { checkTopology } from '../../../common/topology/index.js';
import { initialState } from '../store/index.js';
import { withPatch as apply } from '../store/state.js';
import { editNodeParam } from './properties.js';
import { addNode, connect, paletteChoice, paletteData } from './create.js';

const client = {
  name: 'client',
  from: 'shipped' as const,
  template: {
    icon: 'C',
    colour: '#b7791f',
    params: {
      server: { description: 'Name of the host to ask', required: true },
      port: { description: 'port', default: '80' },
    },
  },
};

describe('a template from the palette', () => {
  it('adds a host named after it, copies the template into the document, and leaves its required params to fill', () => {
    let state = { ...initialState(), templates: [client] };
    const choice = paletteChoice(state, paletteData({ kind: 'host', template: client }));
    expect(choice).toEqual({ kind: 'host', template: client });
    state = apply(state, addNode.perform(state, { ...choice!, position: { x: 0, y: 0 } }));
    expect(state.topology.nodes[0]).toMatchObject({
      id: 'client1',
      kind: 'host',
      template: 'client',
      params: { server: '' },
    });
    expect(state.topology.templates).toEqual({ client: client.template });
    expect(checkTopology(state.topology)).toEqual([]);
    expect(editNodeParam(state.topology, 'client1', 'server', ' ')).toEqual({
      ok: false,
      error: 'required: Name of the host to ask',
    });
    const set = editNodeParam(state.topology, 'client1', 'server', 'web');
    expect(set.ok && set.topology.nodes[0]?.params).toEqual({ server: 'web' });
    expect(editNodeParam(state.topology, 'client1', 'colour', 'x')).toEqual({
      ok: false,
      error: 'template "client" has no parameter "colour" (it has server, port)',
    });
  });

  it('refuses a drop of something else', () => {
    expect(paletteChoice(initialState(), 'template:nginx')).toBeUndefined();
    expect(paletteChoice(initialState(), 'text/plain')).toBeUndefined();
  });
});

describe('addNode', () => {
  it('adds a node with a fresh id and name, selects it, and can be undone', () => {
    let state = initialState();
    state = apply(state, addNode.perform(state, { kind: 'host', position: { x: 10.4, y: 20.6 } }));
    state = apply(state, addNode.perform(state, { kind: 'host', position: { x: 0, y: 0 } }));
    state = apply(state, addNode.perform(state, { kind: 'switch', position: { x: 0, y: 0 } }));
    expect(state.topology.nodes.map((n) => `${n.kind}:${n.id}:${n.name}`)).toEqual([
      'host:h1:h1',
      'host:h2:h2',
      'switch:sw1:sw1',
    ]);
    expect(state.topology.nodes[0]?.position).toEqual({ x: 10, y: 21 });
    expect(state.selectedNodes).toEqual(['sw1']);
    expect(state.past).toHaveLength(3);
    expect(state.dirty).toBe(true);
    expect(checkTopology(state.topology)).toEqual([]);
  });

  it('skips words already used as another node name', () => {
    const empty = initialState();
    const taken = { id: 'x', kind: 'host' as const, name: 'h1', position: { x: 0, y: 0 } };
    let state = { ...empty, topology: { ...empty.topology, nodes: [taken] } };
    state = apply(state, addNode.perform(state, { kind: 'host', position: { x: 0, y: 0 } }));
    expect(state.topology.nodes[1]?.id).toBe('h2');
  });
});

describe('connect', () => {
  const twoHosts = () => {
    let state = initialState();
    state = apply(state, addNode.perform(state, { kind: 'host', position: { x: 0, y: 0 } }));
    return apply(state, addNode.perform(state, { kind: 'host', position: { x: 0, y: 0 } }));
  };

  it('links two nodes with default parameters and selects the link', () => {
    const state = apply(twoHosts(), connect.perform(twoHosts(), { a: 'h1', b: 'h2' }));
    expect(state.topology.links).toEqual([
      {
        id: 'h1-h2',
        a: { node: 'h1' },
        b: { node: 'h2' },
        params: { delayMs: 0, jitterMs: 0, lossPercent: 0, duplicatePercent: 0, rateBps: 0, queuePackets: 1000 },
      },
    ]);
    expect(state.selectedLinks).toEqual(['h1-h2']);
  });

  it('refuses a link to itself or to an unknown node', () => {
    expect(connect.perform(twoHosts(), { a: 'h1', b: 'h1' })).toBeNull();
    expect(connect.perform(twoHosts(), { a: 'h1', b: 'nope' })).toBeNull();
  });

  it('refuses a second link between the same pair, saying why', () => {
    const state = apply(twoHosts(), connect.perform(twoHosts(), { a: 'h1', b: 'h2' }));
    expect(connect.perform(state, { a: 'h2', b: 'h1' })).toEqual({ error: 'h2 and h1 are already linked' });
  });
});
