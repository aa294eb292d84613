/**
 * Which interfaces of the running plan a capture.start names: a link target is one of its
 * interfaces (the side asked, else a unless that end is a switch or hub), `node:iface` the
 * interface itself. Every unknown name is said at once, before anything opens.
 */
import { RPC_ERRORS, type CaptureInterface } from '../../common/protocol/helper.js';
import { formatTarget, parseTarget, SIDES, type Side } from '../../common/capture/targets.js';
import type { NetworkPlan, PlannedInterface } from '../plan/plan.js';
import { RpcError } from '../rpc.js';

/** A captured side: its interface key (`<linkId>.<side>`) and how the capture describes it. */
export interface ResolvedSide extends Omit<CaptureInterface, 'snaplen'> {
  key: string;
}

const sideOf = (key: string) => key.slice(key.lastIndexOf('.') + 1) as Side;

export function resolveTargets(plan: NetworkPlan, targets: readonly string[], side?: Side): ResolvedSide[] {
  const interfaces = new Map<string, PlannedInterface>();
  for (const host of plan.hosts.values()) for (const i of host.interfaces) interfaces.set(i.key, i);
  const problems: string[] = [];
  const sides: ResolvedSide[] = [];
  for (const text of targets) {
    const found = resolveOne(plan, interfaces, text, side);
    if (typeof found === 'string') problems.push(found);
    else
      sides.push({ key: found.key, link: found.linkId, side: sideOf(found.key), node: found.node, iface: found.name });
  }
  if (problems.length) throw new RpcError(RPC_ERRORS.invalidParams, problems.join('\n'), { problems });
  return sides;
}

function resolveOne(
  plan: NetworkPlan,
  interfaces: ReadonlyMap<string, PlannedInterface>,
  text: string,
  side?: Side,
): PlannedInterface | string {
  const target = parseTarget(text);
  if (!('link' in target)) {
    const host = plan.hosts.get(target.node);
    if (!host) return `${formatTarget(target)}: no host or router "${target.node}" in the running network`;
    const found = host.interfaces.find((i) => i.name === target.iface);
    const names = host.interfaces.map((i) => i.name).join(', ') || 'none';
    return found ?? `${formatTarget(target)}: ${target.node} has no interface "${target.iface}" (it has ${names})`;
  }
  const link = plan.links.get(target.link);
  if (!link) return `no link "${target.link}" in the running network`;
  const wanted = side ? [side] : SIDES;
  const found = wanted.map((s) => interfaces.get(`${link.id}.${s}`)).find((i) => i !== undefined);
  if (found) return found;
  if (side)
    return `link ${link.id}: its ${side} end is a switch or hub, which has no interface to capture: try side ${side === 'a' ? 'b' : 'a'}`;
  return `link ${link.id} joins two switches or hubs: neither end has an interface to capture`;
}
