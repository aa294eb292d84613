/**
 * Properties of the selection: a node's name and actions, or a link's addresses and emulation parameters;
 * with nothing selected, the network's.
 */
import { useState } from 'react';
import {
  DIRECTIONS,
  LINK_PARAMS,
  STACK_KINDS,
  type Topology,
  type TopologyLink,
  type TopologyNode,
} from '../../../common/topology/index.js';
import { isLocked } from '../../../common/lab/locks.js';
import { interfaceAddresses } from '../../../common/protocol/helper.js';
import { editLink, editNodeParam, linkFieldText, renameNode, type DirectionChoice } from '../actions/properties.js';
import { directionLabel, linkName } from '../lib/names.js';
import { paramsUnsupportedHere } from '../services/network.js';
import { openTerminal, runCommand } from '../services/terminals.js';
import { getState, useStore } from '../store/index.js';
import { plotKey } from '../store/state.js';
import { Field } from './Field.js';
import { LinkProgramsSection } from './LinkPrograms.js';
import { ProcessesSection } from './ProcessesSection.js';
import { NetworkProperties, RouterFields, RouterLive } from './Routing.js';
import { TemplateChecks } from './TemplateChecks.js';
import { CheckProperties } from './lab/CheckProperties.js';

function PlotButton({ plot }: { plot: string }) {
  const plotted = useStore((s) => s.plotted.includes(plot));
  return (
    <button type="button" data-testid="btn-plot" aria-pressed={plotted} onClick={() => getState().togglePlot(plot)}>
      {plotted ? 'Remove from plot' : 'Plot'}
    </button>
  );
}

/** The link a node's interface is on, by its ends' names. */
function InterfaceLink({ id }: { id: string }) {
  const name = useStore((s) => {
    const link = s.topology.links.find((l) => l.id === id);
    return link ? linkName(link, s.topology.nodes) : id;
  });
  return <td className="muted">{name}</td>;
}

/** The node's template, named, and a field per parameter (empty: the template's default, shown greyed). */
function TemplateParams({ node, template }: { node: TopologyNode; template: string }) {
  const params = useStore((s) => s.topology.templates?.[template]?.params) ?? {};
  return (
    <section className="template-params">
      <p data-testid="prop-template">
        Template <strong>{template}</strong>
      </p>
      {Object.entries(params).map(([name, spec]) => (
        <Field
          key={name}
          field={`param-${name}`}
          label={name}
          value={node.params?.[name] ?? ''}
          placeholder={spec.default ?? spec.description}
          edit={(text) => (topology) => editNodeParam(topology, node.id, name, text)}
        />
      ))}
    </section>
  );
}

function NodeProperties({ node }: { node: TopologyNode }) {
  const running = useStore((s) => s.networkState === 'running');
  const interfaces = useStore((s) => s.networkHosts[node.id]?.interfaces);
  const stack = STACK_KINDS.includes(node.kind);
  const nameLocked = useStore((s) => isLocked(s.topology.lab, { node: node.id }, 'name'));
  return (
    <>
      <h2>
        <span className="kind">{node.kind}</span> <span data-testid="prop-title">{node.name}</span>
      </h2>
      <LockedNotice locked={useStore((s) => isLocked(s.topology.lab, { node: node.id }))} />
      <Field
        field="name"
        label="Name"
        value={node.name}
        readOnly={nameLocked}
        edit={(text) => (topology) => renameNode(topology, node.id, text)}
      />
      {node.kind === 'router' && <RouterFields node={node} />}
      {stack && (
        <div className="actions">
          <button
            type="button"
            data-testid="btn-terminal"
            disabled={!running}
            onClick={() => void openTerminal(node.id)}
          >
            Terminal
          </button>
          <button
            type="button"
            data-testid="btn-run-command"
            disabled={!running}
            onClick={() => void runCommand(node.id)}
          >
            Run command…
          </button>
          <PlotButton plot={plotKey('host', node.id)} />
        </div>
      )}
      {stack && !running && <p className="hint">Start the network to open a terminal (or double-click the node).</p>}
      {node.template !== undefined && <TemplateParams node={node} template={node.template} />}
      {node.template !== undefined && <TemplateChecks node={node} />}
      {node.kind === 'host' && <ProcessesSection node={node} />}
      {interfaces && (
        <table className="interfaces">
          <tbody>
            {interfaces.map((i) => (
              <tr key={i.name}>
                <td>{i.name}</td>
                <td>{interfaceAddresses(i).join('\n') || '—'}</td>
                <InterfaceLink id={i.linkId} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {node.kind === 'router' && running && <RouterLive node={node} />}
    </>
  );
}

/** Whether the parameters below apply to both directions or to one (named by its endpoints: "web → db"). */
function DirectionPicker({
  link,
  choice,
  choose,
}: {
  link: TopologyLink;
  choice: DirectionChoice;
  choose(choice: DirectionChoice): void;
}) {
  const nodes = useStore((s) => s.topology.nodes);
  const options: DirectionChoice[] = ['both', ...DIRECTIONS];
  return (
    <div className="direction-picker" role="radiogroup" aria-label="Direction">
      {options.map((option) => (
        <button
          key={option}
          type="button"
          role="radio"
          aria-checked={choice === option}
          data-testid={`prop-direction-${option}`}
          data-overridden={option !== 'both' && !!link.directions?.[option]}
          onClick={() => choose(option)}
        >
          {option === 'both' ? 'Both directions' : directionLabel(link, option, nodes)}
        </button>
      ))}
    </div>
  );
}

function LockedNotice({ locked }: { locked: boolean }) {
  return locked ? (
    <p className="hint" data-testid="prop-locked">
      Locked by the lab: it cannot be removed, and its greyed fields cannot change.
    </p>
  ) : null;
}

function UnsupportedNotice() {
  const helperVersion = useStore((s) => s.helperVersion);
  const backend = useStore((s) => s.backend);
  const missing = paramsUnsupportedHere({ helperVersion, backend });
  if (!missing.length || !helperVersion) return null;
  return (
    <div className="notice" data-testid="prop-unsupported" role="note">
      The <b>{backend ?? helperVersion.preferred}</b> backend cannot emulate <b>{missing.join(', ')}</b> on this
      machine: those values are kept in the document but have no effect while it runs.
    </div>
  );
}

function LinkProperties({ link }: { link: TopologyLink }) {
  const nodes = useStore((s) => s.topology.nodes);
  const hosts = useStore((s) => s.networkHosts);
  /** The address of a family the running network gave an automatic end. */
  const liveAddress = (node: string, name: 'address' | 'address6') =>
    hosts[node]?.interfaces.find((i) => i.linkId === link.id)?.[name];
  const [choice, setChoice] = useState<DirectionChoice>('both');
  const lab = useStore((s) => s.topology.lab);
  const locked = (field: string) => isLocked(lab, { link: link.id }, field);
  const edit = (field: Parameters<typeof editLink>[2]) => (text: string) => (topology: Topology) =>
    editLink(topology, link.id, field, text, choice);
  const endpoint = (side: 'a' | 'b') => {
    const node = nodes.find((n) => n.id === link[side].node);
    const label = `${side.toUpperCase()}: ${node?.name ?? link[side].node}`;
    if (!node || !STACK_KINDS.includes(node.kind)) {
      return (
        <div className="field" key={side}>
          <label>{label}</label>
          <div className="muted">{node?.kind ?? 'node'} port (layer 2, no address)</div>
        </div>
      );
    }
    return (['address', 'address6'] as const).map((name) => {
      const live = liveAddress(node.id, name);
      return (
        <Field
          key={`${side}-${name}`}
          field={`${name}-${side}`}
          label={`${label} ${name === 'address' ? 'IPv4' : 'IPv6'} address`}
          value={link[side][name] ?? ''}
          placeholder={`automatic${live ? ` (now ${live})` : ''}`}
          readOnly={locked(side)}
          edit={edit(`${name}-${side}`)}
        />
      );
    });
  };
  return (
    <>
      <h2>
        <span className="kind">link</span> <span data-testid="prop-title">{linkName(link, nodes)}</span>
      </h2>
      <LockedNotice locked={isLocked(lab, { link: link.id })} />
      {endpoint('a')}
      {endpoint('b')}
      <UnsupportedNotice />
      <DirectionPicker link={link} choice={choice} choose={setChoice} />
      <div className="param-grid" key={choice}>
        {LINK_PARAMS.map((param) => (
          <Field
            key={param.name}
            field={param.name}
            label={param.label}
            value={linkFieldText(link, param.name, choice)}
            placeholder={choice === 'both' ? 'differs by direction' : undefined}
            readOnly={locked(choice === 'both' ? 'params' : 'directions')}
            edit={edit(param.name)}
          />
        ))}
      </div>
      <LinkProgramsSection link={link} locked={locked('programs')} />
      <div className="actions">
        <PlotButton plot={plotKey('link', link.id)} />
      </div>
    </>
  );
}

export function Properties() {
  const nodeIds = useStore((s) => s.selectedNodes);
  const linkIds = useStore((s) => s.selectedLinks);
  const node = useStore((s) =>
    nodeIds.length === 1 && !linkIds.length ? s.topology.nodes.find((n) => n.id === nodeIds[0]) : undefined,
  );
  const link = useStore((s) =>
    linkIds.length === 1 && !nodeIds.length ? s.topology.links.find((l) => l.id === linkIds[0]) : undefined,
  );
  const count = nodeIds.length + linkIds.length;
  const chosenCheck = useStore((s) => s.labChosen);
  return (
    <aside className="properties" data-testid="properties">
      {node && <NodeProperties key={node.id} node={node} />}
      {link && <LinkProperties key={link.id} link={link} />}
      {!node && !link && !count && chosenCheck !== undefined && (
        <CheckProperties key={chosenCheck} index={chosenCheck} />
      )}
      {!count && chosenCheck === undefined && <NetworkProperties />}
      {!node && !link && (count || chosenCheck === undefined) && (
        <p className="hint">
          {count
            ? `${nodeIds.length} nodes and ${linkIds.length} links selected.`
            : 'Drag hosts, routers and switches from the left; connect them handle to handle; select something to edit it.'}
        </p>
      )}
    </aside>
  );
}
