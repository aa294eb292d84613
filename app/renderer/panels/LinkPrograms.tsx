/**
 * A link's programs in its properties: per direction, the object file (relative to the document's folder)
 * and section, whether the running network has it attached, and its maps' values as the helper last read them.
 */
import { DIRECTIONS, type Direction, type TopologyLink } from '../../../common/topology/index.js';
import { editLinkProgram, type ProgramField } from '../actions/link-programs.js';
import { directionLabel } from '../lib/names.js';
import { useStore } from '../store/index.js';
import { Field } from './Field.js';

function ProgramMaps({ maps }: { maps: Record<string, Record<string, number>> }) {
  const entries = Object.entries(maps);
  if (!entries.length) return null;
  return (
    <table className="program-maps">
      <tbody>
        {entries.map(([name, values]) => (
          <tr key={name}>
            <th>{name}</th>
            <td>
              {Object.entries(values)
                .map(([key, value]) => `${key}: ${value}`)
                .join(', ') || 'empty'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DirectionProgram({ link, direction, locked }: { link: TopologyLink; direction: Direction; locked: boolean }) {
  const nodes = useStore((s) => s.topology.nodes);
  const running = useStore((s) => s.networkState === 'running');
  const maps = useStore((s) => s.programCounters[link.id]?.[direction]);
  const program = link.programs?.[direction];
  const edit = (field: ProgramField) => (text: string) => (topology: Parameters<typeof editLinkProgram>[0]) =>
    editLinkProgram(topology, link.id, direction, field, text);
  const state = !program ? undefined : maps ? 'attached' : running ? 'not attached (yet)' : 'attached once started';
  return (
    <fieldset className="link-program" data-testid={`prop-program-${direction}`}>
      <legend>{directionLabel(link, direction, nodes)}</legend>
      <Field
        field={`program-file-${direction}`}
        label="Program file"
        value={program?.file ?? ''}
        placeholder="none (e.g. count-proto.bpf.o)"
        readOnly={locked}
        edit={edit('file')}
      />
      {program && (
        <Field
          field={`program-section-${direction}`}
          label="Section"
          value={program.section}
          readOnly={locked}
          edit={edit('section')}
        />
      )}
      {state && (
        <p className="muted" data-testid={`prop-program-state-${direction}`} data-attached={!!maps}>
          {state}
        </p>
      )}
      {maps && <ProgramMaps maps={maps} />}
    </fieldset>
  );
}

/** Both directions' programs; greyed where the lab locks the link's programs. */
export function LinkProgramsSection({ link, locked }: { link: TopologyLink; locked: boolean }) {
  return (
    <section className="link-programs" data-testid="prop-programs">
      <h3>Programs (eBPF, run before the link’s emulation)</h3>
      {DIRECTIONS.map((direction) => (
        <DirectionProgram key={direction} link={link} direction={direction} locked={locked} />
      ))}
    </section>
  );
}
