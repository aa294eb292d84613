/**
 * `vnet link LINK [set PARAM=VALUE... | down | up | flap]`: one link of the
 * running network, read and changed through network.get and network.patch.
 */
import { flapLink, patchLink, type Flap } from '../common/scenario/links.js';
import {
  DIRECTIONS,
  LINK_PARAMS,
  directionParams,
  isLinkUp,
  withParams,
  withState,
  type Direction,
  type LinkParams,
  type TopologyLink,
} from '../common/topology/index.js';
import { formatQuantity, parseLinkParamAssignment } from '../common/units/units.js';
import { requireLink, runningDocument } from './running.js';
import { withSession, type Session } from './session.js';
import { UsageError } from './spec.js';
import { printWarnings, table } from './print.js';

type Changes = Partial<LinkParams>;

/** `delay=50ms loss=5%` into document fields; the first bad one is a usage error. */
export function parseAssignments(words: readonly string[]): Changes {
  const changes: Record<string, number> = {};
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) throw new UsageError(`"${word}" is not PARAM=VALUE (e.g. delay=50ms)`, 'link');
    const parsed = parseLinkParamAssignment(word.slice(0, eq), word.slice(eq + 1));
    if (!parsed.ok) throw new UsageError(parsed.error, 'link');
    changes[parsed.field] = parsed.value;
  }
  return changes;
}

/** What `vnet link LINK` shows, also as JSON: endpoints, state, the parameters each direction has. */
export function linkView(link: TopologyLink) {
  return {
    id: link.id,
    a: link.a.node,
    b: link.b.node,
    up: isLinkUp(link),
    directions: Object.fromEntries(DIRECTIONS.map((d) => [d, directionParams(link, d)])) as Record<
      Direction,
      LinkParams
    >,
  };
}

export function printLink(link: TopologyLink, json: boolean): void {
  const view = linkView(link);
  if (json) return console.log(JSON.stringify(view));
  console.log(`link ${view.id}: ${view.a} - ${view.b}, ${view.up ? 'up' : 'down (cable cut)'}`);
  const rows = [['', ...LINK_PARAMS.map((p) => p.name.toUpperCase())]];
  for (const d of DIRECTIONS)
    rows.push([d, ...LINK_PARAMS.map((p) => formatQuantity(p.quantity, view.directions[d][p.field]))]);
  console.log(table(rows));
}

/** Patches one link and prints it as it now is. */
async function change(session: Session, id: string, edit: (link: TopologyLink) => TopologyLink, json: boolean) {
  let sent: TopologyLink | undefined;
  const result = await patchLink(session, id, (link) => (sent = edit(link)));
  if (sent) printLink(sent, json);
  printWarnings(result.warnings);
}

/** `vnet link LINK flap`: each change printed with the time since the start; Ctrl+C leaves the link up. */
async function flapCommand(session: Session, id: string, flap: Flap, json: boolean): Promise<number> {
  const started = Date.now();
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const done = await flapLink(session, id, flap, stop.signal, (up) => {
      const seconds = (Date.now() - started) / 1000;
      if (json) console.log(JSON.stringify({ time: seconds, link: id, up }));
      else console.log(`${seconds.toFixed(3)}s  link ${id} ${up ? 'up' : 'down'}`);
    });
    return done ? 0 : 130;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

export interface LinkArguments {
  id: string;
  action?: string;
  assignments: readonly string[];
  direction?: Direction;
  flap: Flap;
  json: boolean;
}

export function linkCommand(args: LinkArguments): Promise<number> {
  const { id, action, json } = args;
  if (action !== 'set' && args.assignments.length)
    throw new UsageError(`unexpected "${args.assignments[0]}": only set takes PARAM=VALUE`, 'link');
  const changes = action === 'set' ? parseAssignments(args.assignments) : {};
  if (action === 'set' && args.assignments.length === 0)
    throw new UsageError('set needs PARAM=VALUE (e.g. delay=50ms)', 'link');
  return withSession(async (session) => {
    const { topology } = await runningDocument(session);
    requireLink(topology, id, 'link');
    switch (action) {
      case undefined:
        printLink(requireLink(topology, id, 'link'), json);
        return 0;
      case 'set':
        await change(session, id, (link) => withParams(link, changes, args.direction), json);
        return 0;
      case 'flap':
        return flapCommand(session, id, args.flap, json);
      default:
        await change(session, id, (link) => withState(link, action === 'up'), json);
        return 0;
    }
  });
}
