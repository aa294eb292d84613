import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocumentStore } from './files.js';

const SAMPLES = join(import.meta.dirname, '..', '..', 'samples');

describe('DocumentStore', () => {
  let dir: string;
  let store: DocumentStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vnet-files-'));
    store = new DocumentStore({ configDir: join(dir, 'config'), samplesDir: SAMPLES });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('lists the bundled samples with a title and what they hold', async () => {
    const samples = await store.samples();
    expect(samples.map((s) => s.id)).toEqual([
      'bgp-two-as',
      'campus-1000',
      'campus-10k',
      'etcd-cluster',
      'ospf-ring',
      'routed',
      'seed',
    ]);
    expect(samples.find((s) => s.id === 'seed')).toMatchObject({ description: '3 hosts, 1 switch' });
  });

  it('saves atomically and reopens the same document, remembering it as recent', async () => {
    const { topology } = await store.openSample('seed');
    const path = join(dir, 'net.json');
    expect(await store.save(path, topology)).toBe(path);
    expect(await readdir(dir)).toEqual(['config', 'net.json']); // no temporary file left behind
    expect((await store.open(path)).topology).toEqual(topology);
    expect(await store.recent()).toEqual([path]);
  });

  it('refuses an invalid document with the schema message and writes nothing', async () => {
    const { topology } = await store.openSample('seed');
    const broken = { ...topology, links: [{ ...topology.links[0], a: { node: 'h9' } }] };
    const path = join(dir, 'broken.json');
    await expect(store.save(path, broken)).rejects.toThrow('links[0].a.node: no node "h9"');
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses to open a file that fails validation, naming the field', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, JSON.stringify({ version: 7, nodes: [], links: [] }));
    await expect(store.open(path)).rejects.toThrow(/version: unsupported version 7/);
    await writeFile(path, '{ not json');
    await expect(store.open(path)).rejects.toThrow(/not valid JSON/);
    expect(await store.recent()).toEqual([]);
  });

  it('keeps a draft for crash recovery until it is cleared', async () => {
    const { topology } = await store.openSample('routed');
    expect(await store.recoverDraft()).toBeNull();
    await store.saveDraft(topology);
    expect((await store.recoverDraft())?.topology).toEqual(topology);
    await store.saveDraft(null);
    expect(await store.recoverDraft()).toBeNull();
  });

  it('forgets recent files that no longer exist', async () => {
    const { topology } = await store.openSample('seed');
    const kept = await store.save(join(dir, 'kept.json'), topology);
    const gone = await store.save(join(dir, 'gone.json'), topology);
    await rm(gone);
    expect(await store.recent()).toEqual([kept]);
    expect(JSON.parse(await readFile(join(dir, 'config', 'recent.json'), 'utf8'))).toEqual([gone, kept]);
  });

  it('refuses sample ids that are not plain names', async () => {
    await expect(store.openSample('../package')).rejects.toThrow('No sample "../package"');
  });
});
