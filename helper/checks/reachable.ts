/**
 * reachable: a probe from inside `from` towards an address, read back as
 * "did it get through": icmp is ping (a probe every 0.2 s until one is
 * answered or the wait ends), tcp a connection accepted, udp a datagram
 * answered (one every 0.5 s, likewise); bash's /dev/tcp and /dev/udp: no
 * netcat needed.
 */
import type { Check, CheckOutcome } from '../../common/checks/schema.js';
import { formatQuantity } from '../../common/units/units.js';
import type { HostRun } from './agents.js';

type Reachable = Extract<Check, { kind: 'reachable' }>;

/** Seconds a udp probe waits for an answer before it sends its datagram again. */
const UDP_RETRY_S = 0.5;

/** The program that probes `address` from inside the host, waiting at most timeoutMs. */
export function probeArgv(check: Reachable, address: string, timeoutMs: number): string[] {
  const seconds = timeoutMs / 1000;
  switch (check.protocol) {
    case 'icmp':
      return ['ping', '-n', '-c', '1', '-i', '0.2', '-w', String(Math.ceil(seconds)), address];
    case 'tcp':
      return ['bash', '-c', 'exec 3<>"/dev/tcp/$0/$1"', address, String(check.port)];
    case 'udp':
      // A datagram every UDP_RETRY_S until one is answered, as ping does: one datagram lost on a busy
      // machine is no unreachable service. read fails at once (status 1) on a refusal, beyond 128 on a timeout.
      return [
        'bash',
        '-c',
        'exec 3<>"/dev/udp/$0/$1" || exit 2; for ((i = 0; i < $2; i++)); do printf vnet >&3 || exit 2; ' +
          `read -r -N 1 -t ${UDP_RETRY_S} -u 3 _; s=$?; ((s == 0)) && exit 0; ((s <= 128)) && exit 1; done; exit 1`,
        address,
        String(check.port),
        String(Math.max(1, Math.ceil(seconds / UDP_RETRY_S))),
      ];
  }
}

/** What the probe found, and whether that is what the check expects. */
export function reachableOutcome(check: Reachable, address: string, run: HostRun, timeoutMs: number): CheckOutcome {
  const through = run.exit === 0 && !run.timedOut;
  const seen = through ? answered(check, address, run.stdout) : unanswered(check, address, run, timeoutMs);
  return { ok: through === check.expect, seen };
}

function service(check: Reachable): string {
  return check.protocol === 'icmp' ? '' : ` on ${check.protocol}/${check.port}`;
}

function answered(check: Reachable, address: string, stdout: string): string {
  if (check.protocol === 'tcp') return `connected to ${address}${service(check)}`;
  if (check.protocol === 'udp') return `answer from ${address}${service(check)}`;
  const rtt = /= [\d.]+\/([\d.]+)\//.exec(stdout)?.[1];
  return `reply from ${address}${rtt ? ` in ${rtt} ms` : ''}`;
}

/** Why nothing got through, in the words of the error the probe met. */
function unanswered(check: Reachable, address: string, run: HostRun, timeoutMs: number): string {
  const said = `${run.stdout}\n${run.stderr}`;
  if (/Network is unreachable|No route to host|Destination Net Unreachable/i.test(said))
    return `no route to ${address}`;
  if (/Destination Host Unreachable|\+\d+ errors/i.test(said))
    return `${address} does not answer on its network (host unreachable)`;
  if (/Connection refused/i.test(said))
    return check.protocol === 'udp'
      ? `${address} refused udp/${check.port}: nothing listens there`
      : `${address} refused the connection${service(check)}: nothing listens there`;
  const what = check.protocol === 'icmp' ? 'reply' : 'answer';
  const within = `within ${formatQuantity('duration', timeoutMs)}`;
  // Beyond 1 (ping: no reply; bash: not connected) the probe could not probe at all: its last word says why.
  const complaint = run.exit !== null && run.exit > 1 ? (said.trim().split('\n').at(-1) ?? '') : '';
  return `no ${what} from ${address}${service(check)} ${complaint ? `(${complaint})` : within}`;
}
