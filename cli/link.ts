/**
 * `vnet link LINK [set PARAM=VALUE... | down | up | flap]`: one link of the
 * running network, read and changed through network.get and network.patch.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DIRECTIONS,
  LINK_PARAMS,
  directionParams,
  isLinkUp,
  type Direction,
  type LinkParams,
  type TopologyLink,
} from '../common/topology/index.js';
import { formatQuantity, parseLinkParamAssignment } from '../common/units/units.js';
import { patchLink, requireLink, runningDocument } from './running.js';
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

/**
 * The link with `changes` in force: in one direction's overrides, or in `params` for both, where
 * they also replace what either direction overrode (so the value set is the one both directions get).
 */
export function withParams(link: TopologyLink, changes: Changes, direction?: Direction): TopologyLink {
  if (direction)
    return {
      ...link,
      directions: { ...link.directions, [direction]: { ...link.directions?.[direction], ...changes } },
    };
  const directions = Object.fromEntries(
    Object.entries(link.directions ?? {}).map(([dir, override]) => [
      dir,
      Object.fromEntries(Object.entries(override ?? {}).filter(([field]) => !(field in changes))),
    ]),
  );
  return { ...link, params: { ...link.params, ...changes }, directions };
}

export function withState(link: TopologyLink, up: boolean): TopologyLink {
  const { up: _, ...rest } = link;
  return up ? rest : { ...rest, up: false };
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
  const result = await patchLink(session, id, (link) => (sent = edit(link)), 'link');
  if (sent) printLink(sent, json);
  printWarnings(result.warnings);
}

/** Waits `ms` (nothing when not positive), or less when stopped. */
export function pause(ms: number, stop: AbortSignal): Promise<void> {
  return ms > 0 ? sleep(ms, undefined, { signal: stop }).catch(() => undefined) : Promise.resolve();
}

export interface Flap {
  downMs: number;
  upMs: number;
  /** Until stopped when absent. */
  count?: number;
}

/**
 * Cuts and reconnects a link `count` times, calling `changed` after each change. Stopping ends a
 * cut early and always leaves the link up; resolves false when stopped.
 */
export async function flapLink(
  session: Session,
  id: string,
  flap: Flap,
  stop: AbortSignal,
  changed: (up: boolean) => void,
): Promise<boolean> {
  const set = async (up: boolean) => {
    await patchLink(session, id, (link) => withState(link, up), 'link');
    changed(up);
  };
  for (let i = 0; flap.count === undefined || i < flap.count; i++) {
    await set(false);
    await pause(flap.downMs, stop);
    await set(true);
    if (i + 1 !== flap.count) await pause(flap.upMs, stop);
    if (stop.aborted) return false;
  }
  return true;
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
