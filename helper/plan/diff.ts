/**
 * The difference between the running plan and the desired one, as the
 * smallest set of operations a backend applies: a live edit of one link
 * touches that link only. Anything that changes an interface's identity
 * (name, address, segment) replaces the interface.
 */
import type { LinkParams } from '../../common/topology/index.js';
import { linkParamsSchema } from '../../common/topology/index.js';
import { DIRECTIONS } from '../../common/topology/link-params.js';
import type { NetworkPlan, PlannedHost, PlannedInterface, PlannedLink, PlannedRoute, PlannedSegment } from './plan.js';

export interface NetworkDiff {
  removedHosts: PlannedHost[];
  addedHosts: PlannedHost[];
  removedSegments: PlannedSegment[];
  addedSegments: PlannedSegment[];
  /** Interfaces of hosts that stay (a removed host's go with its namespace). */
  removedInterfaces: PlannedInterface[];
  /** Every new interface, including those of added hosts. */
  addedInterfaces: PlannedInterface[];
  /** Links whose emulation must be (re)set: changed parameters, or new interfaces with non-default ones. */
  linkParams: PlannedLink[];
  /** Links whose carrier must be set as their `up` says: the state changed, or a cut link got new interfaces. */
  carrier: PlannedLink[];
  /** Hosts that stay whose routes, forwarding or interfaces changed: their routes are rewritten. */
  reroutedHosts: PlannedHost[];
  /** New hosts file content, when it changed. */
  hostsFile?: string;
  /** Node and link ids, for the apply result. */
  summary: { added: string[]; removed: string[]; changed: string[] };
}

export const EMPTY_PLAN: NetworkPlan = { hosts: new Map(), segments: new Map(), links: new Map(), hostsFile: '' };

const DEFAULT_PARAMS: LinkParams = linkParamsSchema.parse({});

const PARAM_KEYS = Object.keys(DEFAULT_PARAMS) as (keyof LinkParams)[];

/** Field by field: a live apply compares every link, so no generic deep equality. */
function sameParams(a: LinkParams, b: LinkParams): boolean {
  return PARAM_KEYS.every((k) => a[k] === b[k]);
}

function isDefaultParams(params: LinkParams): boolean {
  return sameParams(params, DEFAULT_PARAMS);
}

/** Both directions' parameters equal. */
export function sameEmulation(a: PlannedLink, b: PlannedLink): boolean {
  return DIRECTIONS.every((d) => sameParams(a.directions[d], b.directions[d]));
}

export function isDefaultEmulation(link: PlannedLink): boolean {
  return DIRECTIONS.every((d) => isDefaultParams(link.directions[d]));
}

function sameRoutes(a: readonly PlannedRoute[], b: readonly PlannedRoute[]): boolean {
  return a.length === b.length && a.every((r, i) => r.to === b[i]?.to && r.via === b[i]?.via);
}

function sameSegmentPlan(a: PlannedSegment | undefined, b: PlannedSegment | undefined): boolean {
  return a !== undefined && b !== undefined && a.kind === b.kind && a.subnet === b.subnet;
}

function sameHostIdentity(a: PlannedHost, b: PlannedHost): boolean {
  return a.kind === b.kind && a.name === b.name;
}

function sameInterface(a: PlannedInterface, b: PlannedInterface): boolean {
  return (
    a.node === b.node && a.name === b.name && a.mac === b.mac && a.address === b.address && a.segment === b.segment
  );
}

function interfacesOf(plan: NetworkPlan): Map<string, PlannedInterface> {
  const all = new Map<string, PlannedInterface>();
  for (const host of plan.hosts.values()) for (const i of host.interfaces) all.set(i.key, i);
  return all;
}

export function diffPlans(running: NetworkPlan, desired: NetworkPlan): NetworkDiff {
  const keptHost = (id: string) => {
    const a = running.hosts.get(id);
    const b = desired.hosts.get(id);
    return a !== undefined && b !== undefined && sameHostIdentity(a, b);
  };
  const removedHosts = [...running.hosts.values()].filter((h) => !keptHost(h.id));
  const addedHosts = [...desired.hosts.values()].filter((h) => !keptHost(h.id));

  const sameSegment = (key: string) => sameSegmentPlan(running.segments.get(key), desired.segments.get(key));
  const removedSegments = [...running.segments.values()].filter((s) => !sameSegment(s.key));
  const addedSegments = [...desired.segments.values()].filter((s) => !sameSegment(s.key));

  const before = interfacesOf(running);
  const after = interfacesOf(desired);
  const keptInterface = (key: string) => {
    const a = before.get(key);
    const b = after.get(key);
    return a !== undefined && b !== undefined && keptHost(a.node) && sameSegment(a.segment) && sameInterface(a, b);
  };
  const removedInterfaces = [...before.values()].filter((i) => keptHost(i.node) && !keptInterface(i.key));
  const addedInterfaces = [...after.values()].filter((i) => !keptInterface(i.key));
  const added = new Set(addedInterfaces.map((i) => i.key));

  const linkParams = [...desired.links.values()].filter((link) => {
    const old = running.links.get(link.id);
    if (old && !sameEmulation(old, link)) return true;
    return !isDefaultEmulation(link) && link.interfaces.some((k) => added.has(k));
  });
  const carrier = [...desired.links.values()].filter((link) => {
    const old = running.links.get(link.id);
    if (old && old.up !== link.up) return true;
    return !link.up && link.interfaces.some((k) => added.has(k));
  });

  const touched = new Set([...removedInterfaces, ...addedInterfaces].map((i) => i.node));
  const reroutedHosts = [...desired.hosts.values()].filter((h) => {
    if (!keptHost(h.id)) return false;
    const old = running.hosts.get(h.id);
    return old === undefined || touched.has(h.id) || old.forwards !== h.forwards || !sameRoutes(old.routes, h.routes);
  });

  const linkIds = (plan: NetworkPlan, other: NetworkPlan) =>
    [...plan.links.keys()].filter((id) => !other.links.has(id));
  const changedLinks = new Set([
    ...[...linkParams, ...carrier].map((l) => l.id),
    ...[...removedInterfaces, ...addedInterfaces].map((i) => i.linkId).filter((id) => running.links.has(id)),
  ]);
  const unique = (ids: string[]) => [...new Set(ids)];
  const summary = {
    added: unique([...addedHosts.map((h) => h.id), ...linkIds(desired, running)]),
    removed: unique([...removedHosts.map((h) => h.id), ...linkIds(running, desired)]),
    changed: unique([...reroutedHosts.map((h) => h.id), ...[...changedLinks].filter((id) => desired.links.has(id))]),
  };

  return {
    removedHosts,
    addedHosts,
    removedSegments,
    addedSegments,
    removedInterfaces,
    addedInterfaces,
    linkParams,
    carrier,
    reroutedHosts,
    hostsFile: running.hostsFile === desired.hostsFile ? undefined : desired.hostsFile,
    summary,
  };
}

/**
 * Links between two switches or hubs join them into one segment, so no port carries their parameters:
 * one warning per such link whose parameters were set or changed by this apply.
 */
export function unshapedLinkWarnings(running: NetworkPlan, desired: NetworkPlan): string[] {
  return [...desired.links.values()]
    .filter((link) => link.interfaces.length === 0 && !isDefaultEmulation(link))
    .filter((link) => {
      const old = running.links.get(link.id);
      return old === undefined || !sameEmulation(old, link);
    })
    .map((link) => `link ${link.id}: parameters not applied (a link between switches or hubs joins one segment)`);
}

export function isEmptyDiff(diff: NetworkDiff): boolean {
  return (
    diff.removedHosts.length + diff.addedHosts.length + diff.removedSegments.length + diff.addedSegments.length === 0 &&
    diff.removedInterfaces.length + diff.addedInterfaces.length + diff.linkParams.length + diff.carrier.length === 0 &&
    diff.reroutedHosts.length === 0 &&
    diff.hostsFile === undefined
  );
}
