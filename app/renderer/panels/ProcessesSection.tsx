/**
 * A host's processes as its document starts them (the `processes` field):
 * each a command line, edited like any field (checked as typed), removed,
 * or added. A running network applies the change live as any edit.
 */
import { editProcess, joinCommand } from '../actions/processes.js';
import { editProperties } from '../actions/properties.js';
import type { TopologyNode } from '../../../common/topology/index.js';
import { askFor } from '../services/prompt.js';
import { getState } from '../store/index.js';
import { Field } from './Field.js';

function change(node: string, index: number, line: string | null): void {
  const edit = (topology: Parameters<typeof editProcess>[0]) => editProcess(topology, node, index, line);
  getState().perform(editProperties, { edit, checked: edit(getState().topology) });
}

export function ProcessesSection({ node }: { node: TopologyNode }) {
  const processes = node.processes ?? [];
  return (
    <section className="processes-section" data-testid="prop-processes">
      <h3>Started with the network</h3>
      {processes.map((process, i) => (
        <div className="process-entry" key={i}>
          <Field
            field={`process-${i}`}
            label={`Process ${i + 1}`}
            value={joinCommand(process.argv)}
            edit={(text) => (topology) => editProcess(topology, node.id, i, text)}
          />
          <button
            type="button"
            className="link-button danger"
            data-testid={`prop-process-remove-${i}`}
            onClick={() => change(node.id, i, null)}
          >
            Remove
          </button>
        </div>
      ))}
      {processes.length === 0 && <p className="hint">None: add a command this host runs from the start.</p>}
      <button
        type="button"
        data-testid="prop-process-add"
        onClick={() =>
          void askFor('command', `Start on ${node.name} with the network`).then(
            (line) => line && change(node.id, processes.length, line),
          )
        }
      >
        Add process
      </button>
    </section>
  );
}
