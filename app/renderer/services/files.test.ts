/**
 * File operations against an in-memory API (a test harness, not part of the
 * product): a refused file leaves the open document untouched, save clears
 * the unsaved mark, web mode asks for paths with its own dialog.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OpenedDocument, VnetApi } from '../../common/api.js';
import { readTopology, type Topology } from '../../../common/topology/index.js';
import { addNode } from '../actions/create.js';
import { getState, initialState, useStore } from '../store/index.js';
import { setApi } from './api.js';
import { loadDocument, openPath, saveDocument, startUp } from './files.js';
import { useFileDialog } from './fileDialog.js';
import { usePrompt } from './prompt.js';

const seed = readTopology({
  version: 1,
  nodes: [{ id: 'a', kind: 'host', name: 'a', position: { x: 0, y: 0 } }],
  links: [],
});

function memoryApi(files: Record<string, unknown>, saved: Record<string, Topology>): VnetApi {
  const fileApi: Partial<VnetApi['files']> = {
    async open(path) {
      if (!(path in files)) throw new Error(`${path}: no such file`);
      return { path, topology: files[path] } as OpenedDocument;
    },
    async save(path, topology) {
      saved[path] = topology;
      return path;
    },
    recent: async () => Object.keys(saved),
    saveDraft: async () => undefined,
    templates: async () => ({ templates: [], refused: [] }),
  };
  return { transport: 'web', files: fileApi } as VnetApi;
}

afterEach(() => useStore.setState(initialState(), true));

describe('opening', () => {
  it('refuses a document that fails the schema, with its message, and keeps the open one', async () => {
    setApi(memoryApi({ '/bad.json': { version: 1, nodes: [{ id: 'A!', kind: 'host' }], links: [] } }, {}));
    loadDocument({ path: '/good.json', topology: seed });
    const before = getState().topology;
    await openPath('/bad.json');
    expect(getState().error).toMatch(/^nodes\[0\]\.id: must be 1-24 lowercase letters/);
    expect(getState().topology).toBe(before);
    expect(getState().path).toBe('/good.json');
  });

  it('shows why a file could not be read', async () => {
    setApi(memoryApi({}, {}));
    await openPath('/missing.json');
    expect(getState().error).toBe('No such file (/missing.json).');
  });

  it('lays out a document whose nodes all sit on one spot', () => {
    const stacked = readTopology({
      version: 1,
      nodes: ['a', 'b'].map((id) => ({ id, kind: 'host', name: id, position: { x: 0, y: 0 } })),
      links: [],
    });
    loadDocument({ topology: stacked });
    const [a, b] = getState().topology.nodes;
    expect(a?.position).not.toEqual(b?.position);
  });
});

describe('starting', () => {
  const startingApi = (draft: OpenedDocument | null): VnetApi => {
    const api = memoryApi({}, {});
    Object.assign(api.files, {
      samples: async () => [{ id: 'seed', title: 'Seed', description: '' }],
      recoverDraft: async () => draft,
      initial: async () => ({ topology: seed }),
    });
    return api;
  };

  it('opens the document the app was launched with', async () => {
    setApi(startingApi(null));
    await startUp();
    expect(getState()).toMatchObject({ documentOpen: true, samples: [{ id: 'seed' }] });
  });

  it('offers unsaved edits from a crash first', async () => {
    setApi(startingApi({ topology: { ...seed, name: 'lost work' } }));
    await startUp();
    expect(getState().documentOpen).toBe(false);
    expect(getState().draft?.topology.name).toBe('lost work');
  });
});

describe('unsaved edits', () => {
  const other = { ...seed, name: 'other' };
  const edited = (saved: Record<string, Topology>) => {
    setApi(memoryApi({ '/other.json': other }, saved));
    loadDocument({ topology: seed, path: '/seed.json' });
    getState().perform(addNode, { kind: 'hub', position: { x: 0, y: 0 } });
  };

  it('are kept on Cancel, and given up on "Don\'t save"; Save comes first', async () => {
    edited({});
    const cancelled = openPath('/other.json');
    const request = usePrompt.getState().request;
    expect(request?.choices?.map((c) => c.value)).toEqual(['save', 'discard']);
    request?.resolve(null);
    await cancelled;
    expect(getState().topology.nodes.map((n) => n.id)).toEqual(['a', 'hub1']);

    const discarded = openPath('/other.json');
    usePrompt.getState().request?.resolve('discard');
    await discarded;
    expect(getState().topology.name).toBe('other');
  });

  it('are saved on Save, then the other document opens', async () => {
    const saved: Record<string, Topology> = {};
    edited(saved);
    const opening = openPath('/other.json');
    usePrompt.getState().request?.resolve('save');
    await opening;
    expect(saved['/seed.json']?.nodes.map((n) => n.id)).toEqual(['a', 'hub1']);
    expect(getState().topology.name).toBe('other');
  });
});

describe('saving', () => {
  it('asks for a path when the document has none, saves, and clears the unsaved mark', async () => {
    const saved: Record<string, Topology> = {};
    setApi(memoryApi({}, saved));
    loadDocument({ topology: seed });
    getState().perform(addNode, { kind: 'switch', position: { x: 0, y: 0 } });
    expect(getState().dirty).toBe(true);

    const saving = saveDocument();
    const request = useFileDialog.getState().request;
    expect(request).toMatchObject({ mode: 'save', suggested: 'network.json' });
    request?.resolve('/tmp/net.json');
    await saving;

    expect(saved['/tmp/net.json']?.nodes.map((n) => n.id)).toEqual(['a', 'sw1']);
    expect(getState()).toMatchObject({ dirty: false, path: '/tmp/net.json', recent: ['/tmp/net.json'] });
  });

  it('does nothing when the path dialog is cancelled', async () => {
    const saved: Record<string, Topology> = {};
    setApi(memoryApi({}, saved));
    loadDocument({ topology: seed });
    const saving = saveDocument();
    useFileDialog.getState().request?.resolve(null);
    await saving;
    expect(saved).toEqual({});
  });
});
