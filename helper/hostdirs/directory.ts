/**
 * The network's directory: what its hosts write to their own /run, /tmp,
 * /var/log and privateDirs, kept where the invoking user reads it,
 * `<state>/<network name>/<node id>/<path>`, with <state> their
 * ~/.local/state/vnet (or /var/lib/vnet/<uid> when they have no home of
 * their own). It stays after a stop until `network.stop {purge: true}`.
 *
 * Starting the network again reuses it as a reboot reuses a disk: /var/log
 * and privateDirs carry over, /run and /tmp start empty (a stale pid file or
 * socket would stop a daemon). Two running networks never share one: it is
 * locked while open.
 *
 * The helper is root and the user can write there, so every step is made by
 * native/src/hostdirs.c relative to directory descriptors, never following
 * a link.
 */
import { closeSync, mkdirSync, realpathSync, rmdirSync, statSync } from 'node:fs';
import { HOST_PRIVATE_DIRS } from '../../common/topology/index.js';
import {
  emptyDirectories,
  makeDirectories,
  openOwnedDirectory,
  writeFiles,
  type DirectoryEntry,
  type PrivateMount,
  type SpawnOptions,
} from '../../native/index.js';
import type { TemplateFile } from '../../common/templates/expand.js';
import type { Invoker } from '../processes.js';

/** Empty when a host starts, as tmpfs is after a boot. */
const EMPTY_AT_START = ['/run', '/tmp'];
/** Shared by every user of a host, as on a machine: sticky, mode 1777. */
const STICKY = new Set(['/tmp']);
/** Where users without a home directory of their own keep their networks' directories (root's, 0755). */
const HOMELESS_STATE = '/var/lib/vnet';

/** A file-name-safe form of the network's name ("Campus lab" → "campus-lab"). */
export function directoryName(networkName: string): string {
  const name = networkName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 100);
  return name || 'untitled';
}

/** The trusted directory (only root can change its path) and the user's part beneath it. */
function location(networkName: string, owner: Invoker): { trusted: string; relative: string } {
  const home = statSync(owner.home, { throwIfNoEntry: false });
  if (home?.isDirectory() && home.uid === owner.uid)
    return { trusted: owner.home, relative: `.local/state/vnet/${directoryName(networkName)}` };
  mkdirSync(HOMELESS_STATE, { recursive: true, mode: 0o755 });
  return { trusted: HOMELESS_STATE, relative: `${owner.uid}/${directoryName(networkName)}` };
}

/**
 * Why a privateDirs entry cannot be mounted over (the spawn would refuse it too, later): it must be a
 * directory of the machine reached without symbolic links.
 */
function machineDirProblem(path: string): string | undefined {
  const found = statSync(path, { throwIfNoEntry: false });
  if (!found) return 'does not exist on this machine';
  if (!found.isDirectory()) return 'is not a directory on this machine';
  if (realpathSync(path) !== path) return 'passes through a symbolic link, which is never followed here';
  return undefined;
}

function sameDirs(a: readonly PrivateMount[] | undefined, b: readonly string[]): boolean {
  const own = HOST_PRIVATE_DIRS.length;
  return a !== undefined && a.length === own + b.length && b.every((dir, i) => a[own + i]?.target === dir);
}

export class NetworkDirectory {
  /** The mounts of each running host, in mount order (/run, /tmp, /var/log, then its privateDirs). */
  private readonly hosts = new Map<string, PrivateMount[]>();
  private fd?: number;

  private constructor(
    private readonly where: { trusted: string; relative: string },
    private readonly owner: Invoker,
  ) {
    this.fd = openOwnedDirectory(where.trusted, where.relative, owner);
  }

  /** Opens (making it if needed) and locks the directory of the network named so. */
  static open(networkName: string, owner: Invoker): NetworkDirectory {
    return new NetworkDirectory(location(networkName, owner), owner);
  }

  get path(): string {
    return `${this.where.trusted}/${this.where.relative}`;
  }

  /**
   * Brings the hosts' directories in line with `hosts` (every running stack node → its privateDirs):
   * added hosts start with an empty /run and /tmp; hosts whose privateDirs changed get the new ones.
   */
  async update(hosts: ReadonlyMap<string, readonly string[]>, added: ReadonlySet<string>): Promise<void> {
    const fd = this.openFd();
    const changed = [...hosts].filter(([id, dirs]) => added.has(id) || !sameDirs(this.hosts.get(id), dirs));
    for (const id of this.hosts.keys()) if (!hosts.has(id)) this.hosts.delete(id);
    if (changed.length === 0) return;
    for (const [id, dirs] of changed) {
      for (const dir of dirs) {
        const problem = machineDirProblem(dir);
        if (problem) throw new Error(`host ${id}: private directory ${dir} ${problem}`);
      }
    }
    await emptyDirectories(
      fd,
      this.path,
      [...added].flatMap((id) => EMPTY_AT_START.map((dir) => `${id}${dir}`)),
    );
    const entries: DirectoryEntry[] = [];
    for (const [id, dirs] of changed) {
      const mounts = [...HOST_PRIVATE_DIRS, ...dirs].map((target) => ({ source: `${id}${target}`, target }));
      entries.push(...mounts.map((m) => ({ path: m.source, mode: STICKY.has(m.target) ? 0o1777 : 0o755 })));
      this.hosts.set(id, mounts);
    }
    await makeDirectories(fd, this.path, entries, this.owner);
  }

  /**
   * Writes the template files of these hosts into their private directories (made by update() first),
   * for the user, mode 0644: a link or another's file planted at a file's path is refused, never written through.
   */
  async writeFiles(hosts: readonly { id: string; files: readonly TemplateFile[] }[]): Promise<void> {
    const files = hosts.flatMap((h) =>
      h.files.map((f) => ({ path: `${h.id}${f.path}`, mode: 0o644, content: f.content })),
    );
    if (files.length) await writeFiles(this.openFd(), this.path, files, this.owner);
  }

  /** What a process of the host mounts over the machine's directories. */
  privateDirsOf(id: string): SpawnOptions['privateDirs'] {
    return { directoryFd: this.openFd(), mounts: this.hosts.get(id) ?? [] };
  }

  /** Unlocks it (the network stopped); path stays valid for status and purge. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.hosts.clear();
  }

  /** Removes the directory of the stopped network with all it holds (refused while a network uses it). */
  async purge(): Promise<void> {
    this.close();
    const fd = openOwnedDirectory(this.where.trusted, this.where.relative, this.owner);
    try {
      await emptyDirectories(fd, this.path, ['.']);
    } finally {
      closeSync(fd);
    }
    rmdirSync(this.path);
  }

  private openFd(): number {
    if (this.fd === undefined) throw new Error(`the network directory ${this.path} is closed`);
    return this.fd;
  }
}
