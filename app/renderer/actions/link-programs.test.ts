import { describe, expect, it } from 'vitest';
import { twoHostsOnSwitch } from '../../../common/topology/fixture.js';
import { editLinkProgram } from './link-programs.js';

describe('editLinkProgram', () => {
  it('gives a direction a program (section "tc" unless typed), changes its section, and takes it away', () => {
    const given = editLinkProgram(twoHostsOnSwitch(), 'a-lan', 'b>a', 'file', ' count-proto.bpf.o ');
    expect(given.ok && given.topology.links[0]?.programs).toEqual({
      'b>a': { file: 'count-proto.bpf.o', section: 'tc' },
    });
    if (!given.ok) return;
    const section = editLinkProgram(given.topology, 'a-lan', 'b>a', 'section', 'classifier');
    expect(section.ok && section.topology.links[0]?.programs?.['b>a']?.section).toBe('classifier');
    const gone = editLinkProgram(given.topology, 'a-lan', 'b>a', 'file', '');
    expect(gone.ok && gone.topology.links[0]).not.toHaveProperty('programs');
  });

  it('refuses an empty section, and a section before any file, with the schema’s words', () => {
    const given = editLinkProgram(twoHostsOnSwitch(), 'a-lan', 'a>b', 'file', 'drop.bpf.o');
    if (!given.ok) throw new Error(given.error);
    const empty = editLinkProgram(given.topology, 'a-lan', 'a>b', 'section', ' ');
    expect(empty.ok ? '' : empty.error).toBe('must name a section, like "tc"');
    const early = editLinkProgram(twoHostsOnSwitch(), 'a-lan', 'a>b', 'section', 'tc');
    expect(early.ok ? '' : early.error).toBe('give the program’s file first');
  });
});
