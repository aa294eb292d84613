/**
 * Edits of a link's programs from the properties panel (common/topology/link-programs.ts): a
 * direction's object file and section, checked on the whole document as typed like every other field.
 * An empty file takes the direction's program away; a file without a section runs its "tc" section.
 */
import type { Direction, LinkProgram, Topology } from '../../../common/topology/index.js';
import { checked, type EditResult } from './properties.js';

export type ProgramField = keyof LinkProgram;

/** The section a program runs when none is typed: what `SEC("tc")` names in its source. */
export const DEFAULT_SECTION = 'tc';

export function editLinkProgram(
  topology: Topology,
  linkId: string,
  direction: Direction,
  field: ProgramField,
  text: string,
): EditResult {
  const index = topology.links.findIndex((l) => l.id === linkId);
  const link = topology.links[index];
  if (!link) return { ok: false, error: `no link "${linkId}"` };
  const value = text.trim();
  const old = link.programs?.[direction];
  if (field === 'section' && !old) return { ok: false, error: 'give the program’s file first' };
  const program = { section: DEFAULT_SECTION, file: '', ...old, [field]: value };
  const { [direction]: _gone, ...others } = link.programs ?? {};
  const programs = field === 'file' && value === '' ? others : { ...others, [direction]: program };
  const { programs: _old, ...rest } = link;
  const edited = Object.keys(programs).length ? { ...rest, programs } : rest;
  const links = topology.links.map((l, i) => (i === index ? edited : l));
  return checked(topology, { ...topology, links }, `links[${index}].programs`);
}
