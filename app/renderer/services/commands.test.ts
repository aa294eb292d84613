import { describe, expect, it } from 'vitest';
import { twoHostsOnSwitch } from '../../../common/topology/fixture.js';
import { bringLinksUp, takeLinksDown } from '../actions/links.js';
import { initialState } from '../store/index.js';
import { withPatch, type State } from '../store/state.js';
import { MENU_ENTRIES } from '../../common/menu.js';
import {
  available,
  commandForKey as commandForKeyIn,
  commands,
  contextEntries,
  MENU_COMMANDS,
  type Command,
  type CommandName,
} from './commands.js';

const key = (k: string, mods: { ctrl?: boolean; shift?: boolean; meta?: boolean } = {}) => ({
  key: k,
  ctrlKey: !!mods.ctrl,
  metaKey: !!mods.meta,
  shiftKey: !!mods.shift,
});

const drawing = { documentOpen: true };
const startScreen = { documentOpen: false };
const commandForKey = (event: ReturnType<typeof key>) => commandForKeyIn(event, drawing);

describe('key bindings', () => {
  it('finds the command of each shortcut', () => {
    expect(commandForKey(key('z', { ctrl: true }))?.name).toBe('undo');
    expect(commandForKey(key('Z', { ctrl: true, shift: true }))?.name).toBe('redo');
    expect(commandForKey(key('y', { ctrl: true }))?.name).toBe('redo');
    expect(commandForKey(key('Delete'))?.name).toBe('deleteSelection');
    expect(commandForKey(key('c', { meta: true }))?.name).toBe('copy');
    expect(commandForKey(key('v', { ctrl: true }))?.name).toBe('paste');
    expect(commandForKey(key('a', { ctrl: true }))?.name).toBe('selectAll');
    expect(commandForKey(key('Escape'))?.name).toBe('clearSelection');
    expect(commandForKey(key('s', { ctrl: true }))?.name).toBe('save');
    expect(commandForKey(key('S', { ctrl: true, shift: true }))?.name).toBe('saveAs');
    expect(commandForKey(key('o', { ctrl: true }))?.name).toBe('open');
    expect(commandForKey(key('n', { ctrl: true }))?.name).toBe('new');
  });

  it('leaves the drawing hidden by the start screen alone: only New and Open answer there', () => {
    for (const chord of [key('a', { ctrl: true }), key('Delete'), key('z', { ctrl: true }), key('s', { ctrl: true })]) {
      expect(commandForKeyIn(chord, drawing)).toBeDefined();
      expect(commandForKeyIn(chord, startScreen)).toBeUndefined();
    }
    expect(commandForKeyIn(key('n', { ctrl: true }), startScreen)?.name).toBe('new');
    expect(commandForKeyIn(key('o', { ctrl: true }), startScreen)?.name).toBe('open');
  });

  it('gates menu commands the same way', () => {
    expect(available(commands.undo, startScreen)).toBe(false);
    expect(available(commands.exportImage, startScreen)).toBe(false);
    expect(available(commands.open, startScreen)).toBe(true);
    expect(available(commands.undo, drawing)).toBe(true);
  });

  it('ignores plain letters and unbound chords', () => {
    expect(commandForKey(key('z'))).toBeUndefined();
    expect(commandForKey(key('q', { ctrl: true }))).toBeUndefined();
  });

  it('gives no two commands the same shortcut', () => {
    const chords = Object.values(commands).flatMap((c: Command) =>
      (c.keys ?? []).map((k) => `${k.mod ? 'mod+' : ''}${k.shift ? 'shift+' : ''}${k.key.toLowerCase()}`),
    );
    expect(new Set(chords).size).toBe(chords.length);
  });

  it("says each application-menu entry's label and keys, as Electron's menu does", () => {
    for (const [entry, name] of Object.entries(MENU_COMMANDS) as [keyof typeof MENU_ENTRIES, CommandName][]) {
      const { label, keys } = commands[name] as Command;
      expect({ label, keys }).toEqual(MENU_ENTRIES[entry]);
    }
  });
});

describe('context menus', () => {
  const fixture = twoHostsOnSwitch();
  const seed = { ...fixture, links: fixture.links.map((l) => (l.id === 'b-lan' ? { ...l, up: false } : l)) };
  const state = (patch: Partial<State>): State => ({ ...initialState(), topology: seed, documentOpen: true, ...patch });
  const names = (target: 'node' | 'link' | 'canvas', patch: Partial<State>) =>
    contextEntries(target, state(patch)).map((c) => c.name);
  const running = { networkState: 'running' as const };

  const student = { labMode: 'student' as const };

  it('offers a stopped node (to a student) its plot, renaming, duplication, properties and deletion', () => {
    expect(names('node', { ...student, selectedNodes: ['a'] })).toEqual([
      'plot',
      'renameNode',
      'duplicate',
      'properties',
      'deleteSelection',
    ]);
  });

  it('offers on the empty canvas to add each kind there, to fit, show interfaces and find; to paste only a clipboard', () => {
    const always = ['addHostHere', 'addRouterHere', 'addSwitchHere', 'addHubHere'];
    const view = ['zoomToFit', 'toggleInterfaces', 'findNode'];
    expect(names('canvas', {})).toEqual([...always, ...view]);
    const clipboard = { nodes: seed.nodes.slice(0, 1), links: [] };
    expect(names('canvas', { clipboard })).toEqual([...always, 'paste', ...view]);
  });

  it('offers an author the checks that fit the selection, and locks once there is a lab', () => {
    expect(names('node', { selectedNodes: ['a'] })).toEqual([
      'plot',
      'checkRoute',
      'checkListening',
      'checkProcess',
      'renameNode',
      'duplicate',
      'properties',
      'deleteSelection',
    ]);
    const two = state({ selectedNodes: ['b', 'a'] });
    expect(contextEntries('node', two).map((c) => c.labelNow?.(two) ?? c.label)).toEqual([
      'Check: b reaches a',
      'Duplicate',
      'Align left edges',
      'Align top edges',
      'Properties',
      'Delete',
    ]);
    expect(names('node', { selectedNodes: ['a', 'lan'] })).toEqual([
      'duplicate',
      'alignLeft',
      'alignTop',
      'properties',
      'deleteSelection',
    ]);
    const lab = { title: 'L', instructions: '', tasks: [{ title: 'T', checks: [] }] };
    const withLab = (locked: { node: string }[]) => ({ ...seed, lab: { ...lab, locked } });
    expect(names('node', { selectedNodes: ['lan'], topology: withLab([]) })).toContain('lockSelection');
    expect(names('node', { selectedNodes: ['lan'], topology: withLab([{ node: 'lan' }]) })).toContain(
      'unlockSelection',
    );
    expect(names('node', { ...student, selectedNodes: ['lan'], topology: withLab([]) })).not.toContain('lockSelection');
  });

  it('offers a running host a terminal and a crash, or a restart once crashed', () => {
    expect(names('node', { ...running, ...student, selectedNodes: ['a'] })).toEqual([
      'openTerminal',
      'captureNodeLinks',
      'runCommand',
      'plot',
      'crashNode',
      'partition',
      'renameNode',
      'duplicate',
      'properties',
      'deleteSelection',
    ]);
    const crashed = { ...running, selectedNodes: ['a'], faults: { partitions: [], crashed: ['a'] } };
    expect(names('node', crashed)).toContain('restartNode');
    expect(names('node', crashed)).not.toContain('crashNode');
  });

  it('partitions a selection only from some other host, and heals only partitions in force', () => {
    expect(names('node', { ...running, selectedNodes: ['a', 'b'] })).not.toContain('partition');
    expect(names('node', { ...running, selectedNodes: ['a', 'lan'] })).toContain('partition');
    const split = { partitions: [{ from: ['a'], to: ['b'] }], crashed: [] };
    expect(names('node', { ...running, selectedNodes: ['a'], faults: split })).toContain('heal');
  });

  it('offers to take a link down when up, and to bring it up when down', () => {
    expect(names('link', { selectedLinks: ['a-lan'] })).toEqual([
      'plot',
      'takeLinksDown',
      'properties',
      'deleteSelection',
    ]);
    expect(names('link', { selectedLinks: ['b-lan'] })).toEqual([
      'plot',
      'bringLinksUp',
      'properties',
      'deleteSelection',
    ]);
  });

  it("offers a running link's capture at the ends that are hosts or routers, and its stop while captured", () => {
    expect(names('link', { selectedLinks: ['a-lan'] })).not.toContain('captureSideA');
    const link = state({ ...running, selectedLinks: ['a-lan'] });
    const entries = contextEntries('link', link).filter((c) => c.name.startsWith('capture'));
    expect(entries.map((c) => c.labelNow?.(link))).toEqual(['Capture at a (side a)']);
    const capture = { capture: 3, label: 'a-lan at a', lost: 0 };
    const interfaces = [{ link: 'a-lan', side: 'a' as const, node: 'a', iface: 'eth0', snaplen: 262144 }];
    expect(names('link', { ...running, selectedLinks: ['a-lan'], captures: [{ ...capture, interfaces }] })).toContain(
      'stopCapture',
    );
    expect(
      names('link', { ...running, selectedLinks: ['b-lan'], captures: [{ ...capture, interfaces }] }),
    ).not.toContain('stopCapture');
    const host = state({ ...running, selectedNodes: ['a'] });
    expect(commands.captureNodeLinks.labelNow(host)).toBe('Capture its links (1)');
    expect(names('node', { ...running, selectedNodes: ['lan'] })).not.toContain('captureNodeLinks');
  });

  it('takes the selected links down and up again as undoable document edits', () => {
    const down = withPatch(
      state({ selectedLinks: ['a-lan'] }),
      takeLinksDown.perform(state({ selectedLinks: ['a-lan'] })),
    );
    expect(down.topology.links[0]?.up).toBe(false);
    expect(down.past).toHaveLength(1);
    const up = withPatch(down, bringLinksUp.perform(down));
    expect(up.topology.links[0]).not.toHaveProperty('up');
  });
});
