/**
 * Switches and hubs as Linux bridges in the fabric namespace. A bridge takes
 * at most 1,024 ports (the kernel's BR_MAX_PORTS: "Exchange full" past it), so
 * a switch with more is a root bridge with leaf bridges, each joined to the
 * root by a veth pair (an uplink): one switch in the document and one
 * broadcast domain to frames. Ports of hosts and trunk ends fill the root
 * first, then the leaves; the root keeps its last places for the uplinks.
 */
import { must } from '../must.js';
import type { NetworkPlan, PlannedSwitch } from '../plan/plan.js';
import { bridgeLines, trunkLines } from './commands.js';

const KERNEL_BRIDGE_PORTS = 1024;
/** Ports of hosts and trunks on one bridge; the root's uplinks take the places left to 1,024. */
export const BRIDGE_PORTS = 1000;
const MAX_LEAVES = KERNEL_BRIDGE_PORTS - BRIDGE_PORTS;
/** What one switch or hub takes here: its root's and its leaves' ports. */
export const SWITCH_PORTS = BRIDGE_PORTS * (1 + MAX_LEAVES);

interface Bridge {
  name: string;
  ports: number;
}

interface SwitchTree {
  kind: PlannedSwitch['kind'];
  root: Bridge;
  leaves: Bridge[];
}

export class FabricSwitches {
  private readonly trees = new Map<string, SwitchTree>();
  /** The bridge of every placed port (by fabric device), to give its place back when it goes. */
  private readonly placed = new Map<string, Bridge>();
  private made = 0;

  /** `allocate(prefix)` gives a fabric device name not used before. */
  constructor(private readonly allocate: (prefix: string) => string) {}

  /** Bridges made so far, roots and leaves (it never goes down): a table that must see them all follows it. */
  get bridgesMade(): number {
    return this.made;
  }

  /** `ip -batch` lines for a new switch: its root bridge. */
  add(s: PlannedSwitch): string[] {
    const root = { name: this.allocate('b'), ports: 0 };
    this.made++;
    this.trees.set(s.id, { kind: s.kind, root, leaves: [] });
    return bridgeLines(root.name, s.kind);
  }

  /** Lines that delete a switch's bridges and uplinks (its ports are gone already). */
  remove(id: string): string[] {
    const tree = this.trees.get(id);
    this.trees.delete(id);
    if (!tree) return [];
    // Deleting a leaf's end of its uplink deletes the root's end too.
    const leaves = tree.leaves.flatMap((b) => [`link del u${b.name}`, `link del ${b.name}`]);
    return [...leaves, `link del ${tree.root.name}`];
  }

  /**
   * Places the fabric device `port` on switch `id`: the bridge to enslave it to, and the lines
   * that must run first (a new leaf with its uplink) when every bridge of the switch is full.
   */
  place(id: string, port: string): { bridge: string; lines: string[] } {
    const tree = must(this.trees.get(id), `switch ${id}`);
    const lines: string[] = [];
    let bridge = [tree.root, ...tree.leaves].find((b) => b.ports < BRIDGE_PORTS);
    if (!bridge) {
      if (tree.leaves.length === MAX_LEAVES) throw new Error(`switch ${id}: more than ${SWITCH_PORTS} ports`);
      bridge = { name: this.allocate('b'), ports: 0 };
      this.made++;
      tree.leaves.push(bridge);
      // The uplink: `u<leaf>` on the leaf, its peer `d<leaf>` on the root.
      const uplink = { a: `u${bridge.name}`, b: `d${bridge.name}` };
      lines.push(...bridgeLines(bridge.name, tree.kind), ...trunkLines(uplink, { a: bridge.name, b: tree.root.name }));
    }
    bridge.ports++;
    this.placed.set(port, bridge);
    return { bridge: bridge.name, lines };
  }

  /** Gives the place of a port that is gone back to its bridge. */
  free(port: string): void {
    const bridge = this.placed.get(port);
    if (bridge) bridge.ports--;
    this.placed.delete(port);
  }

  clear(): void {
    this.trees.clear();
    this.placed.clear();
  }
}

/** Says a switch too big for this backend before anything is built. */
export function refuseCrowdedSwitches(plan: NetworkPlan): void {
  const ports = new Map<string, number>();
  const count = (id: string) => ports.set(id, (ports.get(id) ?? 0) + 1);
  for (const host of plan.hosts.values()) for (const i of host.interfaces) if (i.switch) count(i.switch);
  for (const link of plan.links.values()) if (link.trunk) [link.trunk.a, link.trunk.b].forEach(count);
  const crowded = [...ports].filter(([, n]) => n > SWITCH_PORTS);
  if (crowded.length)
    throw new Error(
      crowded
        .map(([id, n]) => `switch ${id}: ${n} links, more than the ${SWITCH_PORTS} this backend builds`)
        .join('; '),
    );
}
