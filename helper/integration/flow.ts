/**
 * A flow whose losses can be compared run by run (the reseed test and
 * bench:faults): pings between two hosts of one link, with nothing else
 * crossing it, and the sequence numbers that got no answer.
 */
import type { HelperClient } from '../client.js';
import { runIn } from './harness.js';

interface Interface {
  ifname: string;
  address: string;
  addr_info: { family: string; local: string }[];
}

async function onlyInterface(helper: HelperClient, host: string): Promise<Interface> {
  const links = JSON.parse((await runIn(helper, host, ['ip', '-j', 'addr', 'show'])).stdout) as Interface[];
  const found = links.find((l) => l.ifname !== 'lo');
  if (!found) throw new Error(`${host} has no interface`);
  return found;
}

const ipv4 = (i: Interface) => i.addr_info.find((a) => a.family === 'inet')?.local ?? '';

/**
 * Quiets the one link between hosts a and b: each knows the other's MAC for good, so no ARP draws from
 * the link's generators beside the flow (the hosts' interfaces have no IPv6 address: they send no IPv6).
 * Returns b's address.
 */
export async function quietLink(helper: HelperClient, a: string, b: string): Promise<string> {
  const ends = [await onlyInterface(helper, a), await onlyInterface(helper, b)] as const;
  for (const [host, self, peer] of [
    [a, ends[0], ends[1]],
    [b, ends[1], ends[0]],
  ] as const) {
    const argv = ['ip', 'neigh', 'replace', ipv4(peer), 'lladdr', peer.address, 'dev', self.ifname, 'nud', 'permanent'];
    const run = await runIn(helper, host, argv);
    if (run.code !== 0) throw new Error(`${argv.join(' ')} in ${host} failed: ${run.stderr.trim()}`);
  }
  return ipv4(ends[1]);
}

/** Sequence numbers (1 .. count) of the echo requests `from` sent to `to` that got no answer. */
export async function lostPings(helper: HelperClient, from: string, to: string, count: number): Promise<number[]> {
  const ping = await runIn(helper, from, ['ping', '-n', '-c', String(count), '-i', '0.01', '-W', '1', to]);
  const answered = new Set([...ping.stdout.matchAll(/icmp_seq=(\d+)/g)].map((m) => Number(m[1])));
  return Array.from({ length: count }, (_, i) => i + 1).filter((seq) => !answered.has(seq));
}
