/**
 * What a helper owns and how it all goes away. Every namespace of helper
 * <pid> is named `vnet-<pid>` (its fabric) or `vnet-<pid>-<node id>`, its
 * record is /run/vnet/<pid>.json, its hosts file /run/vnet/<pid>/hosts. One
 * teardown script removes them (killing the processes inside first); it
 * runs for a stop, for leftovers of dead helpers, and from a watchdog that
 * outlives this process, so even SIGKILL leaves nothing behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { run } from './run.js';

export const RUN_DIR = '/run/vnet';
const NETNS_DIR = '/run/netns';
const OWNED = /^vnet-(\d+)(?:-|$)/;

/**
 * $1: helper pid; then namespaces to remove (none: all of that helper's,
 * with its record). Processes inside are killed first (until none is left),
 * so the namespaces really die.
 */
const TEARDOWN = String.raw`
teardown() {
  pid=$1; shift
  whole=
  if [ $# -eq 0 ]; then
    whole=1
    set -- $(ls /run/netns 2>/dev/null | grep -E "^vnet-$pid(-|\$)")
  fi
  if [ $# -gt 0 ]; then
    for round in 1 2 3 4 5; do
      pids=$(printf 'netns pids %s\n' "$@" | ip -force -batch - 2>/dev/null)
      [ -z "$pids" ] && break
      kill -9 $pids 2>/dev/null
      sleep 0.05
    done
    printf 'netns del %s\n' "$@" | ip -force -batch - >/dev/null 2>&1
    for ns in "$@"; do rm -rf "/etc/netns/$ns"; done
  fi
  if [ -n "$whole" ]; then rm -rf /etc/netns/vnet-$pid-* "/run/vnet/$pid" "/run/vnet/$pid.json"; fi
}
case $1 in
  watch)
    shift
    trap '' INT TERM HUP
    read _ignored
    while kill -0 "$1" 2>/dev/null; do sleep 0.1; done
    teardown "$1";;
  now) shift; teardown "$@";;
esac
`;

export function namespacePrefix(pid = process.pid): string {
  return `vnet-${pid}`;
}

/** Removes the given namespaces of this helper, or (none given) everything it owns. */
export async function teardown(namespaces: readonly string[] = [], pid = process.pid): Promise<void> {
  await run(['sh', '-c', TEARDOWN, 'teardown', 'now', String(pid), ...namespaces]);
}

/**
 * Starts the watchdog: a detached shell whose stdin is a pipe only this
 * process holds. When this process ends, however it ends, the read returns
 * and the shell tears down what this helper owned.
 */
export function startWatchdog(): ChildProcess {
  const watchdog = spawn('sh', ['-c', TEARDOWN, 'watchdog', 'watch', String(process.pid)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.unref();
  return watchdog;
}

function isAlive(pid: number): boolean {
  return existsSync(`/proc/${pid}`);
}

/** Pids of helpers that left namespaces, records or hosts files behind. */
function ownersOfLeftovers(): Set<number> {
  const pids = new Set<number>();
  const scan = (dir: string, pattern: RegExp) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const match = pattern.exec(name);
      if (match) pids.add(Number(match[1]));
    }
  };
  scan(NETNS_DIR, OWNED);
  scan('/etc/netns', OWNED);
  scan(RUN_DIR, /^(\d+)(?:\.json)?$/);
  return pids;
}

/** Removes what helpers whose process is gone left behind; never a live helper's objects. */
export async function removeLeftovers(): Promise<number[]> {
  const dead = [...ownersOfLeftovers()].filter((pid) => pid !== process.pid && !isAlive(pid));
  for (const pid of dead) await teardown([], pid);
  return dead;
}

export interface HelperRecord {
  pid: number;
  backend: string;
  startedAt: number;
  namespaces: string[];
}

/** Writes the record of what this helper created (for people and for the next helper). */
export function writeRecord(record: HelperRecord): void {
  mkdirSync(RUN_DIR, { recursive: true });
  writeFileSync(`${RUN_DIR}/${record.pid}.json`, JSON.stringify(record, null, 1) + '\n');
}
