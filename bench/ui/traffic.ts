/**
 * Real traffic on the running 1,000-host sample, so that its counters change while frames are
 * recorded (an idle network's rates stay 0 and nothing is drawn), and a wait for the kernel's own
 * start of the network to end first: for seconds after a start of 1,000 IPv6 stacks its workers
 * (MLD reports, address configuration) take most of both cores, beside the page.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Busy share of both cores below which the machine counts as quiet (the page and its server alone). */
const QUIET = 0.25;
const QUIET_WAIT_S = 60;

function cpuTimes(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** Waits, a second at a time, until the machine's cores are quiet; returns the seconds waited. */
export async function waitForQuietMachine(): Promise<number> {
  for (let waited = 1; waited <= QUIET_WAIT_S; waited++) {
    const before = cpuTimes();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = cpuTimes();
    if ((after.busy - before.busy) / Math.max(1, after.total - before.total) < QUIET) return waited;
  }
  return QUIET_WAIT_S;
}

/** One host in EVERY pings its next host by name, every INTERVAL_S seconds. */
const EVERY = 4;
const INTERVAL_S = 0.3;
export const TRAFFIC = `one host in ${EVERY} pinging the next ${(1 / INTERVAL_S).toFixed(1)} times a second`;

/**
 * Starts the pings in the namespaces of the running network's hosts `h1`… (the sample's names):
 * 3.3 a second, so a host's one-second rates go 3, 4, 3… and are drawn anew at every update.
 */
export function startPings(hosts: number): () => void {
  const namespaces = new Map<string, string>();
  for (const line of execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n')) {
    const [, namespace, host] = /^(vnet-\d+-(h\d+))\b/.exec(line) ?? [];
    if (namespace && host) namespaces.set(host, namespace);
  }
  const pings: ChildProcess[] = [];
  for (let i = 1; i + 1 <= hosts; i += EVERY) {
    const namespace = namespaces.get(`h${i}`);
    if (!namespace) throw new Error(`no namespace of host h${i} in the running network`);
    pings.push(
      spawn('ip', ['netns', 'exec', namespace, 'ping', '-q', '-i', String(INTERVAL_S), `h${i + 1}`], {
        stdio: 'ignore',
      }),
    );
  }
  return () => pings.forEach((p) => p.kill());
}
