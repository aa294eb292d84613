/** The slices' own actions, run against the real store. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STOPPED_STATUS, type CounterTuple, type NetworkStatus } from '../../../common/protocol/helper.js';
import { addNode } from '../actions/create.js';
import { getState, initialState, useStore } from './index.js';

const running: NetworkStatus = { ...STOPPED_STATUS, state: 'running', revision: 3 };
const tick = (rx: number): CounterTuple => [rx, 0, 0, 0, 0, rx, 0, 0, 0];
const host = { namespace: 'vnet-h1', interfaces: [] };

afterEach(() => useStore.setState(initialState(), true));

describe('the document slice', () => {
  it('opens a document with no history, nothing selected and the view fitted', () => {
    getState().perform(addNode, { kind: 'host', position: { x: 0, y: 0 } });
    const fit = getState().fitRequest.seq;
    getState().open({ topology: initialState().topology, path: '/tmp/a.json' }, false);
    expect(getState()).toMatchObject({ past: [], selectedNodes: [], path: '/tmp/a.json', dirty: false });
    expect(getState().fitRequest.seq).toBe(fit + 1);
  });

  it('keeps edits made while saving unsaved', () => {
    getState().perform(addNode, { kind: 'host', position: { x: 0, y: 0 } });
    const written = getState().topology;
    getState().perform(addNode, { kind: 'host', position: { x: 0, y: 0 } });
    getState().saved('/tmp/a.json', written);
    expect(getState().dirty).toBe(true);
    getState().saved('/tmp/a.json', getState().topology);
    expect(getState().dirty).toBe(false);
  });
});

describe('the network and counters slices', () => {
  it('takes counters only while running, and forgets them, the running document and its warnings on stop', () => {
    getState().countersArrived({ time: 1, full: true, hosts: { h1: tick(1) }, links: {} });
    expect(getState().hostCounters).toEqual({});
    const warnings = ['l: delay not applied'];
    getState().applied(getState().topology, { status: running, added: [], removed: [], changed: [], warnings });
    getState().statusArrived(running);
    getState().countersArrived({ time: 2, full: true, hosts: { h1: tick(5) }, links: {} });
    expect(getState().hostCounters.h1?.rxPackets).toBe(5);
    expect(getState().running?.revision).toBe(3);
    expect(getState().warnings).toEqual(warnings);
    getState().statusArrived(STOPPED_STATUS);
    expect(getState().hostCounters).toEqual({});
    expect(getState().running).toBeUndefined();
    expect(getState().warnings).toEqual([]);
  });

  it('folds a patch answer into the hosts: changed ones replaced, removed ones gone', () => {
    getState().statusArrived({ ...running, hosts: { h1: host, h2: host } });
    const moved = { namespace: 'vnet-h2', interfaces: [{ name: 'eth0', linkId: 'l', address: '10.0.0.2/24' }] };
    getState().patched(getState().topology, {
      revision: 4,
      hosts: { h1: null, h2: moved },
      added: [],
      removed: ['h1'],
      changed: ['h2'],
      warnings: [],
    });
    expect(getState().networkHosts).toEqual({ h2: moved });
    expect(getState().running?.revision).toBe(4);
  });

  it('toggles a plotted item', () => {
    getState().togglePlot('host:h1');
    expect(getState().plotted).toEqual(['host:h1']);
    getState().togglePlot('host:h1');
    expect(getState().plotted).toEqual([]);
  });
});

describe('the terminals slice', () => {
  it('brings the last tab to the front when the front one closes', () => {
    const info = (pid: number) => ({ pid, host: 'h1', argv: ['sh'], pty: true, startedAt: 0 });
    getState().addTerminal(info(10), 'h1');
    getState().addTerminal(info(11), 'h1');
    getState().showTerminal(10);
    getState().removeTerminal(11);
    expect(getState().activeTerminal).toBe(10);
    getState().removeTerminal(10);
    expect(getState()).toMatchObject({ terminals: [], activeTerminal: undefined });
  });
});

describe('components and services', () => {
  it('change the state only through the slices’ actions', () => {
    const root = join(import.meta.dirname, '..');
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return path.endsWith('store') ? [] : sources(path);
        return /\.tsx?$/.test(entry.name) && !entry.name.includes('.test.') ? [path] : [];
      });
    const setting = sources(root).filter((path) => /\b(useStore\.)?setState\(/.test(readFileSync(path, 'utf8')));
    // The prompt and file dialogs have their own little stores.
    expect(setting.map((path) => relative(root, path)).sort()).toEqual([
      'services/fileDialog.ts',
      'services/prompt.ts',
    ]);
  });
});
