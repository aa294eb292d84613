/**
 * Users' eBPF programs on links: per direction (as link parameters' `directions`: `a>b` is what
 * endpoint a sends), one compiled object file and the section of its program, run on every frame of
 * that direction before the link's emulation. Beside the link parameters, not among them
 * (link-params.ts): a parameter is a quantity with a unit, a default, a per-backend support flag and a
 * `name=value` on the command line, and a direction inherits `params`; a program is a reference to a
 * file, with no default and nothing inherited between directions, that the helper loads into the kernel.
 */
import { z } from 'zod';
import { documentFileSchema } from './document-files.js';
import { DIRECTIONS, type Direction } from './link-params.js';

export const linkProgramSchema = z.strictObject({
  /** The object clang made (`clang -O2 -g -target bpf`): relative to the document's folder, or absolute. */
  file: documentFileSchema("the program's object file"),
  /** The ELF section of its program (`SEC("tc")` in its source): a sched_cls (tc classifier) program. */
  section: z.string().min(1, 'must name a section, like "tc"').max(128, 'cannot be longer than 128 characters'),
});

/** The programs of a link's directions; a direction left out runs none. */
export const linkProgramsSchema = z.strictObject(
  Object.fromEntries(DIRECTIONS.map((d) => [d, linkProgramSchema.optional()])) as Record<
    Direction,
    z.ZodOptional<typeof linkProgramSchema>
  >,
);

export type LinkProgram = z.infer<typeof linkProgramSchema>;
export type LinkPrograms = z.infer<typeof linkProgramsSchema>;

export function sameProgram(a: LinkProgram | undefined, b: LinkProgram | undefined): boolean {
  return a === b || (a?.file === b?.file && a?.section === b?.section && a !== undefined && b !== undefined);
}

export function samePrograms(a: LinkPrograms | undefined, b: LinkPrograms | undefined): boolean {
  return DIRECTIONS.every((d) => sameProgram(a?.[d], b?.[d]));
}

export function hasPrograms(programs: LinkPrograms | undefined): boolean {
  return DIRECTIONS.some((d) => programs?.[d] !== undefined);
}
