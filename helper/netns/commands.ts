/**
 * The `ip -batch` and `tc -batch` lines that build a plan from stock kernel
 * parts. Layout: every host is a namespace; every switch or hub (and every
 * point-to-point link) is a Linux bridge in one fabric namespace of this
 * helper (a switch past a bridge's port limit: a tree of them, switches.ts);
 * every interface is a veth pair whose outer end (a fabric port) sits on its
 * switch's bridge; a trunk is a veth pair between two switches' bridges. So
 * one counter dump of the fabric sees every interface, and removing the
 * fabric namespace removes every bridge and port. The fabric has IPv6 off
 * (NetnsBackend.start), so its devices take no address and send nothing
 * of their own: no `addrgenmode none` per device (a millisecond each).
 */
import type { LinkParams } from '../../common/topology/index.js';
import type { PlannedInterface, SegmentKind } from '../plan/plan.js';

/**
 * Linux bridge ageing 0: forgets every MAC at once, so it floods like a hub.
 * No multicast snooping: the bridge would send IGMP reports of its own.
 */
export function bridgeLines(bridge: string, kind: SegmentKind): string[] {
  const ageing = kind === 'hub' ? ' ageing_time 0' : '';
  return [`link add ${bridge} type bridge mcast_snooping 0${ageing}`, `link set ${bridge} up`];
}

/** A trunk: a veth pair in the fabric, end `a` on switch a's bridge, end `b` on switch b's. */
export function trunkLines(ends: { a: string; b: string }, bridges: { a: string; b: string }): string[] {
  return [
    `link add ${ends.a} type veth peer name ${ends.b}`,
    ...(['a', 'b'] as const).map((side) => `link set ${ends[side]} master ${bridges[side]} up`),
  ];
}

/**
 * Creates the veth pair with the inner end directly inside the host's namespace, the outer end on
 * its bridge and up: one request, which at 10,000 ports is a third of the time of three.
 */
export function portLines(port: string, bridge: string, hostNamespace: string, iface: PlannedInterface): string[] {
  return [
    `link add ${port} master ${bridge} up type veth peer name ${iface.name} address ${iface.mac} netns ${hostNamespace}`,
  ];
}

export interface ShapingSupport {
  netem: boolean;
}

const MTU_FRAME = 1514;

function netemArgs(p: LinkParams): string {
  const args = [`limit ${p.queuePackets}`];
  if (p.delayMs > 0 || p.jitterMs > 0) args.push(`delay ${p.delayMs}ms ${p.jitterMs}ms`);
  if (p.lossPercent > 0) args.push(`loss ${p.lossPercent}%`);
  if (p.duplicatePercent > 0) args.push(`duplicate ${p.duplicatePercent}%`);
  if (p.rateBps > 0) args.push(`rate ${p.rateBps}bit`);
  return args.join(' ');
}

function tbfArgs(p: LinkParams): string {
  const burst = Math.max(2 * MTU_FRAME, Math.ceil(p.rateBps / 8 / 250));
  return `rate ${p.rateBps}bit burst ${burst} limit ${p.queuePackets * MTU_FRAME}`;
}

/**
 * `tc -batch` lines for the root qdisc of one veth end's egress: netem where
 * the kernel has it, else tbf for the rate. `installed` says whether this
 * device has one of ours already, so every line is needed and must succeed.
 */
export function egressLines(dev: string, p: LinkParams, support: ShapingSupport, installed: boolean): string[] {
  const shaped = p.delayMs > 0 || p.jitterMs > 0 || p.lossPercent > 0 || p.duplicatePercent > 0 || p.rateBps > 0;
  if (support.netem && shaped) return [`qdisc replace dev ${dev} root netem ${netemArgs(p)}`];
  if (!support.netem && p.rateBps > 0) return [`qdisc replace dev ${dev} root tbf ${tbfArgs(p)}`];
  return installed ? [`qdisc del dev ${dev} root`] : [];
}

/** Whether egressLines leaves a qdisc of ours on the device. */
export function needsEgressQdisc(p: LinkParams, support: ShapingSupport): boolean {
  return egressLines('x', p, support, false).length > 0;
}

/** Classic BPF: load a random u32 and match when it falls under the threshold. */
export function randomDropBytecode(percent: number): string {
  const SKF_AD_RANDOM = 0xfffff000 + 56;
  const threshold = Math.min(0xffffffff, Math.round((percent / 100) * 2 ** 32)) - 1;
  return `4,32 0 0 ${SKF_AD_RANDOM},37 0 1 ${threshold},6 0 0 0,6 0 0 4294967295`;
}

/** The fabric port's two tc hooks: ingress takes what its host sends, egress what its host receives. */
export const TC_HOOKS = ['ingress', 'egress'] as const;
export type TcHook = (typeof TC_HOOKS)[number];

/** Filter priorities on a hook, the lower first: a user's link program sees every frame before the loss filter. */
export const PROGRAM_PREF = 1;
export const LOSS_PREF = 2;

/** The hooks of a fabric port that need a loss filter. */
export function lossHooks(perHook: Record<TcHook, LinkParams>, support: ShapingSupport): TcHook[] {
  return support.netem ? [] : TC_HOOKS.filter((hook) => perHook[hook].lossPercent > 0);
}

/**
 * Without netem, loss is a cls_bpf random match on the fabric port, per
 * direction (hook), whose action redirects to the fabric's loopback: the
 * fabric has no addresses, so the frame is dropped there. `state` is what
 * the port has now (a clsact qdisc, the hooks with our filter).
 */
export function lossLines(
  port: string,
  perHook: Record<TcHook, LinkParams>,
  support: ShapingSupport,
  state: { clsact: boolean; filters: readonly TcHook[] },
): string[] {
  const wanted = lossHooks(perHook, support);
  const lines = wanted.length && !state.clsact ? [`qdisc add dev ${port} clsact`] : [];
  for (const hook of TC_HOOKS) {
    const bytecode = randomDropBytecode(perHook[hook].lossPercent);
    if (wanted.includes(hook))
      lines.push(
        `filter replace dev ${port} ${hook} pref ${LOSS_PREF} handle 1 bpf bytecode "${bytecode}" action mirred egress redirect dev lo`,
      );
    else if (state.filters.includes(hook)) lines.push(`filter del dev ${port} ${hook} pref ${LOSS_PREF}`);
  }
  return lines;
}
