/**
 * The difference between the running plan and the desired one, as the
 * smallest set of operations a backend applies: a live edit of one link
 * touches that link only. Anything that changes an interface's identity
 * (name, address, segment, switch) replaces the interface. A backend works
 * in this order: removed trunks, removed interfaces, removed switches, then
 * added switches, added interfaces, added trunks.
 */
import type { LinkParams } from '../../common/topology/index.js';
import { linkParamsSchema } from '../../common/topology/index.js';
import { DIRECTIONS } from '../../common/topology/link-params.js';
import { hasPrograms, samePrograms } from '../../common/topology/link-programs.js';
import type {
  NetworkPlan,
  PlannedHost,
  PlannedInterface,
  PlannedLink,
  PlannedRoute,
  PlannedSegment,
  PlannedSwitch,
} from './plan.js';

export interface NetworkDiff {
  removedHosts: PlannedHost[];
  addedHosts: PlannedHost[];
  removedSegments: PlannedSegment[];
  addedSegments: PlannedSegment[];
  /** Switches and hubs gone or new; one whose kind changed is in both. */
  removedSwitches: PlannedSwitch[];
  addedSwitches: PlannedSwitch[];
  /** Trunks gone or new: also those whose ends changed or one of whose switches is replaced. */
  removedTrunks: PlannedLink[];
  addedTrunks: PlannedLink[];
  /** Interfaces of hosts that stay (a removed host's go with its namespace). */
  removedInterfaces: PlannedInterface[];
  /** Every new interface, including those of added hosts. */
  addedInterfaces: PlannedInterface[];
  /**
   * Links whose emulation must be (re)set: changed parameters, or new interfaces (a new trunk) with
   * non-default ones. Trunks among them have `trunk` set.
   */
  linkParams: PlannedLink[];
  /**
   * Links whose carrier must be set as their `up` says: the state changed, or a cut link got new
   * interfaces (or is a new trunk). Trunks among them have `trunk` set.
   */
  carrier: PlannedLink[];
  /**
   * Links whose programs must be (re)attached or detached: changed programs, or new interfaces (a new
   * trunk) with programs. Trunks among them have `trunk` set.
   */
  programs: PlannedLink[];
  /** Hosts that stay whose routes, forwarding or interfaces changed: their routes are rewritten. */
  reroutedHosts: PlannedHost[];
  /**
   * Routers that stay whose FRR changed (their mode, their own configuration, or what it is generated
   * from): the FRR they ran is stopped, and the one they run now, if any, started.
   */
  restartedRouters: PlannedHost[];
  /** New hosts file content, when it changed. */
  hostsFile?: string;
  /** Node and link ids, for the apply result. */
  summary: { added: string[]; removed: string[]; changed: string[] };
}

export const EMPTY_PLAN: NetworkPlan = {
  hosts: new Map(),
  segments: new Map(),
  switches: new Map(),
  links: new Map(),
  hostsFile: '',
};

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

function sameFrr(a: PlannedHost['frr'], b: PlannedHost['frr']): boolean {
  return a?.config === b?.config && a?.daemons.join() === b?.daemons.join();
}

function sameSegmentPlan(a: PlannedSegment | undefined, b: PlannedSegment | undefined): boolean {
  return a !== undefined && b !== undefined && a.kind === b.kind && a.subnet === b.subnet;
}

function sameHostIdentity(a: PlannedHost, b: PlannedHost): boolean {
  return a.kind === b.kind && a.name === b.name;
}

function sameInterface(a: PlannedInterface, b: PlannedInterface): boolean {
  return (
    a.node === b.node &&
    a.name === b.name &&
    a.mac === b.mac &&
    a.address === b.address &&
    a.segment === b.segment &&
    a.switch === b.switch
  );
}

function sameTrunk(a: PlannedLink | undefined, b: PlannedLink | undefined): boolean {
  return a?.trunk !== undefined && a.trunk.a === b?.trunk?.a && a.trunk.b === b.trunk.b;
}

function trunksOf(plan: NetworkPlan): PlannedLink[] {
  return [...plan.links.values()].filter((l) => l.trunk !== undefined);
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

  const keptSwitch = (id: string | undefined) =>
    id === undefined || running.switches.get(id)?.kind === desired.switches.get(id)?.kind;
  const removedSwitches = [...running.switches.values()].filter((s) => !keptSwitch(s.id));
  const addedSwitches = [...desired.switches.values()].filter((s) => !keptSwitch(s.id));

  const keptTrunk = (id: string) => {
    const link = desired.links.get(id);
    return sameTrunk(running.links.get(id), link) && keptSwitch(link?.trunk?.a) && keptSwitch(link?.trunk?.b);
  };
  const removedTrunks = trunksOf(running).filter((l) => !keptTrunk(l.id));
  const addedTrunks = trunksOf(desired).filter((l) => !keptTrunk(l.id));

  const before = interfacesOf(running);
  const after = interfacesOf(desired);
  const keptInterface = (key: string) => {
    const a = before.get(key);
    const b = after.get(key);
    return (
      a !== undefined &&
      b !== undefined &&
      keptHost(a.node) &&
      sameSegment(a.segment) &&
      keptSwitch(a.switch) &&
      sameInterface(a, b)
    );
  };
  const removedInterfaces = [...before.values()].filter((i) => keptHost(i.node) && !keptInterface(i.key));
  const addedInterfaces = [...after.values()].filter((i) => !keptInterface(i.key));
  // Links that got new ports in the kernel: their emulation and a cut state must be set on them.
  const rebuilt = new Set([...addedInterfaces.map((i) => i.linkId), ...addedTrunks.map((l) => l.id)]);

  const linkParams = [...desired.links.values()].filter((link) => {
    const old = running.links.get(link.id);
    if (old && !sameEmulation(old, link)) return true;
    return !isDefaultEmulation(link) && rebuilt.has(link.id);
  });
  const carrier = [...desired.links.values()].filter((link) => {
    const old = running.links.get(link.id);
    if (old && old.up !== link.up) return true;
    return !link.up && rebuilt.has(link.id);
  });
  const programs = [...desired.links.values()].filter((link) => {
    const old = running.links.get(link.id);
    if (old && !samePrograms(old.programs, link.programs)) return true;
    return hasPrograms(link.programs) && rebuilt.has(link.id);
  });

  const touched = new Set([...removedInterfaces, ...addedInterfaces].map((i) => i.node));
  const reroutedHosts = [...desired.hosts.values()].filter((h) => {
    if (!keptHost(h.id)) return false;
    const old = running.hosts.get(h.id);
    return old === undefined || touched.has(h.id) || old.forwards !== h.forwards || !sameRoutes(old.routes, h.routes);
  });

  const restartedRouters = [...desired.hosts.values()].filter(
    (h) => keptHost(h.id) && !sameFrr(running.hosts.get(h.id)?.frr, h.frr),
  );

  const linkIds = (plan: NetworkPlan, other: NetworkPlan) =>
    [...plan.links.keys()].filter((id) => !other.links.has(id));
  const rebuiltLinks = [...removedInterfaces, ...addedInterfaces].map((i) => i.linkId);
  rebuiltLinks.push(...[...removedTrunks, ...addedTrunks].map((l) => l.id));
  const changedLinks = new Set([
    ...[...linkParams, ...carrier, ...programs].map((l) => l.id),
    ...rebuiltLinks.filter((id) => running.links.has(id)),
  ]);
  const unique = (ids: string[]) => [...new Set(ids)];
  const summary = {
    added: unique([...addedHosts.map((h) => h.id), ...linkIds(desired, running)]),
    removed: unique([...removedHosts.map((h) => h.id), ...linkIds(running, desired)]),
    changed: unique([
      ...[...reroutedHosts, ...restartedRouters].map((h) => h.id),
      ...[...changedLinks].filter((id) => desired.links.has(id)),
    ]),
  };

  return {
    removedHosts,
    addedHosts,
    removedSegments,
    addedSegments,
    removedSwitches,
    addedSwitches,
    removedTrunks,
    addedTrunks,
    removedInterfaces,
    addedInterfaces,
    linkParams,
    carrier,
    programs,
    reroutedHosts,
    restartedRouters,
    hostsFile: running.hostsFile === desired.hostsFile ? undefined : desired.hostsFile,
    summary,
  };
}

/** The summary with these node or link ids listed as changed too, each once. */
function changedToo(summary: NetworkDiff['summary'], ids: readonly string[]): NetworkDiff['summary'] {
  return { ...summary, changed: [...new Set([...summary.changed, ...ids])] };
}

/** The summary with these hosts listed as changed: their files were written again (added hosts are listed as added). */
export function withFilesWritten(diff: NetworkDiff, hosts: readonly { id: string }[]): NetworkDiff {
  const rewritten = hosts.map((h) => h.id).filter((id) => !diff.summary.added.includes(id));
  return rewritten.length ? { ...diff, summary: changedToo(diff.summary, rewritten) } : diff;
}

/** The diff with these links' programs to attach again too (their objects were rebuilt), listed as changed. */
export function withPrograms(diff: NetworkDiff, links: readonly PlannedLink[]): NetworkDiff {
  if (links.length === 0) return diff;
  const summary = changedToo(
    diff.summary,
    links.map((l) => l.id),
  );
  return { ...diff, programs: [...diff.programs, ...links], summary };
}

export function isEmptyDiff(diff: NetworkDiff): boolean {
  return (
    diff.removedHosts.length + diff.addedHosts.length + diff.removedSegments.length + diff.addedSegments.length === 0 &&
    diff.removedSwitches.length + diff.addedSwitches.length + diff.removedTrunks.length + diff.addedTrunks.length ===
      0 &&
    diff.removedInterfaces.length + diff.addedInterfaces.length + diff.linkParams.length + diff.carrier.length === 0 &&
    diff.programs.length === 0 &&
    diff.reroutedHosts.length + diff.restartedRouters.length === 0 &&
    diff.hostsFile === undefined
  );
}
