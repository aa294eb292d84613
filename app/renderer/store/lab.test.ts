import { afterEach, describe, expect, it } from 'vitest';
import { STOPPED_STATUS } from '../../../common/protocol/helper.js';
import { twoHostsOnSwitch } from '../../../common/topology/fixture.js';
import { addCheck, checkFieldEdit } from '../actions/lab.js';
import { editProperties } from '../actions/properties.js';
import { getState, initialState, useStore } from './index.js';
import { gradedChecks } from './lab.js';

afterEach(() => useStore.setState(initialState(), true));

const reaches = { kind: 'reachable', from: 'a', to: 'b', protocol: 'icmp', expect: true, points: 1 } as const;
const route = { kind: 'route', node: 'b', to: 'default', points: 2 } as const;

function labWithTwoChecks() {
  getState().open({ topology: twoHostsOnSwitch() }, false);
  getState().perform(addCheck, reaches);
  getState().perform(addCheck, route);
  getState().statusArrived({ ...STOPPED_STATUS, state: 'running' });
  return gradedChecks(getState().topology.lab!);
}

describe('the lab slice', () => {
  it('opens a document with a lab as the student sees it, on the instructions', () => {
    const withLab = { ...twoHostsOnSwitch(), lab: { title: 'L', instructions: '', tasks: [] } };
    getState().open({ topology: withLab }, false);
    expect(getState()).toMatchObject({ labMode: 'student', labTab: 'instructions' });
    getState().open({ topology: twoHostsOnSwitch() }, false);
    expect(getState().labMode).toBe('author');
  });

  it('highlights what a pointed-at check is about only while it fails', () => {
    const checks = labWithTwoChecks();
    getState().checksAnswered(checks, [
      { ok: false, seen: 'no reply' },
      { ok: true, seen: 'default via 10.0.1.1' },
    ]);
    getState().pointAtCheck(0);
    expect(getState().labHighlight).toEqual({ nodes: ['a', 'b'], links: [] });
    getState().pointAtCheck(1);
    expect(getState().labHighlight).toEqual({ nodes: [], links: [] });
    getState().pointAtCheck(0);
    getState().checksAnswered(checks, [
      { ok: true, seen: '' },
      { ok: true, seen: '' },
    ]);
    expect(getState().labHighlight).toEqual({ nodes: [], links: [] });
  });

  it('keeps the answers of checks not edited since, and ignores answers after Stop', () => {
    const checks = labWithTwoChecks();
    getState().checksAnswered(checks, [
      { ok: true, seen: '' },
      { ok: true, seen: '' },
    ]);
    const edit = checkFieldEdit(1, 'points', '3');
    getState().perform(editProperties, { edit, checked: edit(getState().topology) });
    const [first, second] = gradedChecks(getState().topology.lab!);
    expect(getState().labOutcomes.get(first!)?.ok).toBe(true);
    expect(getState().labOutcomes.get(second!)).toBeUndefined();
    getState().statusArrived(STOPPED_STATUS);
    getState().forgetOutcomes();
    getState().checksAnswered(checks, [
      { ok: true, seen: '' },
      { ok: true, seen: '' },
    ]);
    expect(getState().labOutcomes.size).toBe(0);
  });
});
