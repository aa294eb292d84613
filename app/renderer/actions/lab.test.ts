import { afterEach, describe, expect, it } from 'vitest';
import { getState, initialState, useStore } from '../store/index.js';
import { gradedChecks } from '../store/lab.js';
import { deleteSelection } from './edit.js';
import { twoHostsOnSwitch } from '../../../common/topology/fixture.js';
import { undo } from './history.js';
import { addCheck, checkFieldEdit, checkFieldForm, lockSelection, removeCheck, unlockSelection } from './lab.js';
import { editProperties, renameNode } from './properties.js';

const reaches = { kind: 'reachable', from: 'a', to: 'b', protocol: 'icmp', expect: true, points: 1 } as const;

function opened() {
  getState().open({ topology: twoHostsOnSwitch() }, false);
}

afterEach(() => useStore.setState(initialState(), true));

describe('authoring a lab', () => {
  it('adds the first check in a new "Task 1", chooses it and shows the tasks; Undo takes the lab away', () => {
    opened();
    getState().select(['a', 'b'], []);
    expect(getState().perform(addCheck, reaches)).toBe(true);
    expect(getState().selectedNodes).toEqual([]);
    expect(getState().topology.lab?.tasks).toEqual([{ title: 'Task 1', checks: [reaches] }]);
    expect(getState()).toMatchObject({ labChosen: 0, labTab: 'tasks', labMode: 'author' });
    getState().perform(addCheck, { kind: 'route', node: 'a', to: 'default', points: 1 });
    expect(getState().topology.lab?.tasks[0]?.checks).toHaveLength(2);
    expect(getState().labChosen).toBe(1);
    getState().perform(undo, undefined);
    getState().perform(undo, undefined);
    expect(getState().topology.lab).toBeUndefined();
  });

  it('refuses a check the schema refuses, naming what is wrong, and adds nothing', () => {
    opened();
    expect(getState().perform(addCheck, { kind: 'route', node: 'a', to: '10.0.2.0/33', points: 1 })).toBe(true);
    expect(getState().error).toBe('must be an IPv4 prefix such as 10.0.1.0/24');
    expect(getState().topology.lab).toBeUndefined();
    getState().perform(addCheck, { ...reaches, from: 'lan' });
    expect(getState().error).toBe('no host or router "lan" in the network');
  });

  it('edits a check’s fields from typed text, with the schema’s message for a bad one', () => {
    opened();
    getState().perform(addCheck, reaches);
    const edit = (field: string, text: string) => checkFieldEdit(0, field, text)(getState().topology);
    const commit = (field: string, text: string) => {
      const checked = edit(field, text);
      getState().perform(editProperties, { edit: checkFieldEdit(0, field, text), checked });
    };
    expect(edit('protocol', 'tcp')).toMatchObject({ ok: false, error: 'tcp needs a port' });
    expect(edit('port', '99999')).toMatchObject({ ok: false, error: 'must be 1-65535' });
    expect(edit('points', '1.5')).toMatchObject({ ok: false, error: 'points must be whole' });
    expect(edit('to', 'h9')).toMatchObject({ ok: false, error: 'no host or router "h9" in the network' });
    commit('port', '80');
    expect(gradedChecks(getState().topology.lab!)[0]).toMatchObject({ protocol: 'tcp', port: 80 });
    commit('protocol', 'udp');
    commit('hidden', 'true');
    commit('title', 'a asks b');
    commit('title', '');
    const [check] = gradedChecks(getState().topology.lab!);
    expect(check).toMatchObject({ protocol: 'udp', port: 80, hidden: true });
    expect(check?.title).toBeUndefined();
    commit('protocol', 'icmp');
    expect(gradedChecks(getState().topology.lab!)[0]).not.toHaveProperty('port', 80);
  });

  it('reads each field’s form from the check schema', () => {
    expect(checkFieldForm('reachable', 'port')).toBe('number');
    expect(checkFieldForm('reachable', 'expect')).toBe('flag');
    expect(checkFieldForm('command', 'argv')).toBe('words');
    expect(checkFieldForm('command', 'expect')).toBe('json');
    expect(checkFieldForm('link', 'params')).toBe('json');
    expect(checkFieldForm('route', 'to')).toBe('text');
    expect(checkFieldForm('route', 'hidden')).toBe('flag');
  });

  it('removes a check; with the last one the lab goes', () => {
    opened();
    getState().perform(addCheck, reaches);
    getState().perform(removeCheck, 0);
    expect(getState().topology.lab).toBeUndefined();
  });
});

describe('locks', () => {
  it('lock the selection; a locked node cannot be removed or renamed, with the lock named; unlocked it can', () => {
    opened();
    getState().perform(addCheck, reaches);
    getState().select(['a'], []);
    expect(getState().perform(lockSelection, undefined)).toBe(true);
    expect(getState().topology.lab?.locked).toEqual([{ node: 'a' }]);
    expect(getState().perform(deleteSelection, undefined)).toBe(false);
    expect(getState().error).toBe('node a is locked by the lab: it cannot be removed.');
    expect(getState().topology.nodes.map((n) => n.id)).toContain('a');
    const rename = (topology: Parameters<typeof renameNode>[0]) => renameNode(topology, 'a', 'alpha');
    expect(getState().perform(editProperties, { edit: rename, checked: rename(getState().topology) })).toBe(false);
    expect(getState().error).toBe('node a is locked by the lab: its name cannot change.');
    expect(getState().perform(unlockSelection, undefined)).toBe(true);
    expect(getState().topology.lab?.locked).toBeUndefined();
    expect(getState().perform(deleteSelection, undefined)).toBe(true);
  });
});
