/**
 * Routing in the Properties panel: the network's mode (nothing selected), a router's own mode, AS
 * number and FRR configuration, and while the network runs the selected router's live table, daemons
 * and neighbours (services/routing.ts keeps them fresh; routes that changed are marked).
 */
import type { LiveRoute, NeighbourProtocol } from '../../../common/protocol/helper.js';
import { ROUTING_MODES, type RoutingMode, type TopologyNode } from '../../../common/topology/index.js';
import { editRouter, setNetworkRouting } from '../actions/properties.js';
import { useStore } from '../store/index.js';
import { routeKey, type RouterView } from '../store/routing.js';
import { Choice, Field } from './Field.js';

/** What each mode does, in a sentence. */
const MODE_SENTENCES: Record<RoutingMode, string> = {
  static: 'vnet computes the shortest paths once and installs them as fixed routes; a cut link is not routed around.',
  none: "Only each interface's own subnet is reachable: add routes yourself (ip route add in a terminal).",
  ospf: 'FRR on the routers runs OSPF (IPv4) and OSPFv3 (IPv6), every interface in area 0: cuts are routed around within seconds.',
  bgp: 'FRR on the routers runs eBGP with each router they share a link with, one AS per router, announcing their subnets.',
};
const MODE_OPTIONS = ROUTING_MODES.map((mode) => ({ value: mode, label: mode }));

export function NetworkProperties() {
  const routing = useStore((s) => s.topology.routing);
  const name = useStore((s) => s.topology.name);
  return (
    <section data-testid="network-properties">
      <h2>
        <span className="kind">network</span> {name}
      </h2>
      <Choice
        field="network-routing"
        label="Routing"
        value={routing}
        options={MODE_OPTIONS}
        edit={(mode) => (topology) => setNetworkRouting(topology, mode)}
      />
      <p className="hint" data-testid="network-routing-help">
        {MODE_SENTENCES[routing]}
      </p>
    </section>
  );
}

/** A router's own mode (default: the network's), its AS number under BGP, its own FRR configuration. */
export function RouterFields({ node }: { node: TopologyNode }) {
  const networkRouting = useStore((s) => s.topology.routing);
  const mode = node.routing ?? networkRouting;
  return (
    <>
      <Choice
        field="routing"
        label="Routing"
        value={node.routing ?? ''}
        options={[{ value: '', label: `network's (${networkRouting})` }, ...MODE_OPTIONS]}
        edit={(text) => (topology) => editRouter(topology, node.id, 'routing', text)}
      />
      {mode === 'bgp' && (
        <Field
          field="asn"
          label="AS number"
          value={node.asn === undefined ? '' : String(node.asn)}
          placeholder="automatic (64512 plus its place among the routers)"
          edit={(text) => (topology) => editRouter(topology, node.id, 'asn', text)}
        />
      )}
      <Field
        field="frr"
        label="FRR configuration (frr.conf; empty: made from the routing mode)"
        value={node.frr ?? ''}
        multiline
        edit={(text) => (topology) => editRouter(topology, node.id, 'frr', text)}
      />
    </>
  );
}

/** The kernel's names of who made a route, as people say it. */
const ORIGINS: Record<string, string> = {
  kernel: 'connected',
  boot: 'static',
  static: 'static',
  ospf: 'OSPF',
  bgp: 'BGP',
};
const PROTOCOL_NAMES: Record<NeighbourProtocol, string> = { ospf: 'OSPF', ospf6: 'OSPFv3', bgp: 'BGP' };

function RouteRow({ route, change }: { route: LiveRoute; change?: 'appeared' | 'vanished' }) {
  return (
    <tr
      className={change}
      data-testid="route"
      data-family={route.family}
      data-destination={route.destination}
      data-protocol={route.protocol}
      data-device={route.device}
      data-change={change}
      title={change === 'vanished' ? 'gone since the last refresh' : undefined}
    >
      <td>{route.destination}</td>
      <td>{route.via ?? 'direct'}</td>
      <td>{route.device}</td>
      <td>{ORIGINS[route.protocol] ?? route.protocol}</td>
    </tr>
  );
}

function RoutesTable({ view }: { view: RouterView }) {
  const routes = view.routing?.routes ?? [];
  return (
    <table className="interfaces live-table routes" data-testid="router-routes" data-count={routes.length}>
      <thead>
        <tr>
          <th>Destination</th>
          <th>Next hop</th>
          <th>Interface</th>
          <th>Origin</th>
        </tr>
      </thead>
      {([4, 6] as const).map((family) => (
        <tbody key={family}>
          <tr>
            <th colSpan={4}>IPv{family}</th>
          </tr>
          {routes
            .filter((r) => r.family === family)
            .map((r) => (
              <RouteRow key={routeKey(r)} route={r} change={view.appeared.has(routeKey(r)) ? 'appeared' : undefined} />
            ))}
          {view.vanished
            .filter((r) => r.family === family)
            .map((r) => (
              <RouteRow key={`gone ${routeKey(r)}`} route={r} change="vanished" />
            ))}
        </tbody>
      ))}
    </table>
  );
}

/** Why FRR shows nothing where the router should run it, else undefined. */
function frrProblem(view: RouterView, node: TopologyNode, mode: RoutingMode): string | undefined {
  const daemons = view.routing?.daemons;
  if (!daemons || (node.frr === undefined && mode !== 'ospf' && mode !== 'bgp')) return undefined;
  if (daemons.length === 0) return `FRR is not running on ${node.name}.`;
  const down = daemons.filter((d) => !d.running).map((d) => d.name);
  return down.length ? `${down.join(', ')} ${down.length > 1 ? 'are' : 'is'} not running on ${node.name}.` : undefined;
}

/** The selected router's live routing while the network runs. */
export function RouterLive({ node }: { node: TopologyNode }) {
  const view = useStore((s) => (s.routerView?.node === node.id ? s.routerView : undefined));
  const mode = useStore((s) => node.routing ?? s.topology.routing);
  if (!view) return null;
  const problem = view.problem ?? frrProblem(view, node, mode);
  const { daemons = [], neighbours = [] } = view.routing ?? {};
  return (
    <section className="router-live" data-testid="router-live">
      <h3>Routing now</h3>
      {problem && (
        <p className="notice" data-testid="router-routing-problem" role="note">
          {problem}
        </p>
      )}
      {!view.routing && !problem && <p className="hint">Reading its routes…</p>}
      {daemons.length > 0 && (
        <p className="daemons" data-testid="router-daemons">
          {daemons.map((d) => (
            <span
              key={d.name}
              className={d.running ? 'daemon running' : 'daemon down'}
              data-testid={`daemon-${d.name}`}
              data-running={d.running}
              title={d.restarts ? `restarted ${d.restarts} time${d.restarts > 1 ? 's' : ''}` : 'never restarted'}
            >
              {d.name} {d.running ? 'running' : 'down'}
            </span>
          ))}
        </p>
      )}
      {neighbours.length > 0 && (
        <table className="interfaces live-table" data-testid="router-neighbours">
          <thead>
            <tr>
              <th>Protocol</th>
              <th>Neighbour</th>
              <th>Interface</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {neighbours.map((n) => (
              <tr
                key={`${n.protocol} ${n.neighbour} ${n.interface ?? ''}`}
                data-testid="neighbour"
                data-protocol={n.protocol}
                data-state={n.state}
              >
                <td>{PROTOCOL_NAMES[n.protocol]}</td>
                <td>{n.neighbour}</td>
                <td>{n.interface ?? '—'}</td>
                <td>{n.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.routing && <RoutesTable view={view} />}
    </section>
  );
}
