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
 * $1: helper pid; stdin: the namespaces to remove, one a line (none: all of
 * that helper's, with its record). Processes inside are killed first (until
 * none is left), so the namespaces really die. Names never go to argv: a
 * program is spawned a few times for all of them (10,000 names are ~200 KiB).
 */
const TEARDOWN = String.raw`
# Pids of the processes inside the named namespaces: one pass over /proc (ip netns pids makes one a name).
pids_inside() {
  {
    printf '%s\n' "$1" | sed 's|^|/run/netns/|' | xargs -r stat -L -c 'net:[%i]' 2>/dev/null
    echo --
    find /proc -mindepth 1 -maxdepth 1 -name '[1-9]*' -printf '%p/ns/net\n' | xargs -r stat -c %N 2>/dev/null
  } | tr -d "'" | awk '$0 == "--" { procs = 1; next } !procs { want[$1] = 1; next } want[$3] { split($1, p, "/"); print p[3] }'
}
teardown() {
  pid=$1
  names=$(cat)
  whole=
  if [ -z "$names" ]; then
    whole=1
    names=$( (ls /run/netns; ls /etc/netns) 2>/dev/null | grep -E "^vnet-$pid(-|\$)" | sort -u)
  fi
  if [ -n "$names" ]; then
    for round in 1 2 3 4 5; do
      pids=$(pids_inside "$names")
      [ -z "$pids" ] && break
      kill -9 $pids 2>/dev/null
      sleep 0.05
    done
    printf '%s\n' "$names" | sed 's/^/netns del /' | ip -force -batch - >/dev/null 2>&1
    printf '%s\n' "$names" | sed 's|^|/etc/netns/|' | xargs rm -rf
  fi
  if [ -n "$whole" ]; then rm -rf "/run/vnet/$pid" "/run/vnet/$pid.json"; fi
}
case $1 in
  watch)
    shift
    trap '' INT TERM HUP
    read _ignored
    while kill -0 "$1" 2>/dev/null; do sleep 0.1; done
    teardown "$1" </dev/null;;
  now) shift; teardown "$@";;
esac
`;

export function namespacePrefix(pid = process.pid): string {
  return `vnet-${pid}`;
}

/** Removes the given namespaces of this helper, or (none given) everything it owns. */
export async function teardown(namespaces: readonly string[] = [], pid = process.pid): Promise<void> {
  await run(['sh', '-c', TEARDOWN, 'teardown', 'now', String(pid)], namespaces.map((ns) => `${ns}\n`).join(''));
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
