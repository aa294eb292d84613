/**
 * The running network's link programs, one per link direction: loaded by
 * this helper (it holds the privileges; nothing else loads them), kept
 * while attached, closed once replaced or gone. A change loads every new
 * program first (stage), so a refusal changes nothing; the backend then
 * attaches what the stage lists, and commit closes what was replaced.
 * An object file rebuilt since it was loaded (another inode, size or time)
 * is loaded again at the next change of the network, as a changed program.
 * Object files are read as the user who runs vnet (user-files.ts), as a
 * router's frrFile is: one the user may not read is refused, never loaded.
 */
import { statSync } from 'node:fs';
import { RPC_ERRORS, type LinkProgramCounters } from '../../common/protocol/helper.js';
import { DIRECTIONS, type Direction } from '../../common/topology/link-params.js';
import { documentFilePath } from '../../common/topology/document-files.js';
import type { LinkProgram } from '../../common/topology/link-programs.js';
import { closeBpfProgram, isCounterMap, loadBpfProgram, readBpfMap, type BpfProgram } from '../../native/index.js';
import type { NetworkPlan, PlannedLink } from '../plan/plan.js';
import type { Invoker } from '../processes.js';
import { RpcError } from '../rpc.js';
import { readAsUser } from '../user-files.js';

/** Entries of a map shown per read (stats notifications, the designer, `vnet stats`): counters, not a dump. */
export const MAP_ENTRIES_SHOWN = 16;

/** One direction's program to attach (program) or detach (null). */
export interface ProgramChange {
  link: PlannedLink;
  direction: Direction;
  program: BpfProgram | null;
}

interface Loaded {
  path: string;
  section: string;
  /** The file as it was when loaded (fileStamp). */
  stamp: string;
  program: BpfProgram;
}

export interface StagedPrograms {
  changes: ProgramChange[];
  /** What the stage loaded, by `<link> <direction>`: kept on commit, closed on abort. */
  loaded: Map<string, Loaded>;
}

const keyOf = (linkId: string, direction: Direction) => `${linkId} ${direction}`;

/** What tells one build of a file from the next ('' when there is none). */
function fileStamp(path: string): string {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}` : '';
}

export class LinkPrograms {
  private readonly loaded = new Map<string, Loaded>();

  /**
   * Loads the new programs of these links (those the running network does not hold already) and lists
   * what to attach and detach. Refuses (invalidParams, naming the link and direction, the loader's or the
   * verifier's message whole) with nothing kept; `unavailable` says why the backend runs none (asked only
   * when a program is to be attached). Object files are read as `user`.
   */
  async stage(
    links: readonly PlannedLink[],
    directory: string | undefined,
    unavailable: () => string | undefined,
    user: Invoker,
  ): Promise<StagedPrograms> {
    const staged: StagedPrograms = { changes: [], loaded: new Map() };
    try {
      for (const link of links)
        for (const direction of DIRECTIONS) {
          const change = await this.stageOne(link, direction, { directory, unavailable, user }, staged.loaded);
          if (change) staged.changes.push(change);
        }
    } catch (error) {
      this.abort(staged);
      throw error;
    }
    return staged;
  }

  /**
   * Links of the plan, beyond `changed`, one of whose programs' object files was rebuilt since it was
   * loaded: to stage again with them. A file that is gone keeps its program (nothing to load instead).
   */
  rebuilt(plan: NetworkPlan, changed: readonly PlannedLink[]): PlannedLink[] {
    const listed = new Set(changed.map((l) => l.id));
    const ids = new Set<string>();
    for (const [key, { path, stamp }] of this.loaded) {
      const now = fileStamp(path);
      if (now !== '' && now !== stamp) ids.add(key.slice(0, key.indexOf(' ')));
    }
    return [...ids].filter((id) => !listed.has(id)).flatMap((id) => plan.links.get(id) ?? []);
  }

  private async stageOne(
    link: PlannedLink,
    direction: Direction,
    { directory, unavailable, user }: { directory?: string; unavailable: () => string | undefined; user: Invoker },
    loadedNow: Map<string, Loaded>,
  ): Promise<ProgramChange | undefined> {
    const key = keyOf(link.id, direction);
    const wanted = link.programs?.[direction];
    const current = this.loaded.get(key);
    if (!wanted) return current ? { link, direction, program: null } : undefined;
    const refuse = (why: string) =>
      new RpcError(RPC_ERRORS.invalidParams, `link ${link.id} (${direction}): program: ${why}`);
    const why = unavailable();
    if (why) throw refuse(why);
    const path = documentFilePath(wanted.file, directory);
    if (path === undefined)
      throw refuse(`"${wanted.file}" is relative to the document's folder, which was not given with the document`);
    const stamp = fileStamp(path);
    if (current?.path === path && current.section === wanted.section && current.stamp === stamp)
      return { link, direction, program: current.program };
    const program = await load(path, user, wanted, refuse);
    loadedNow.set(key, { path, section: wanted.section, stamp, program });
    return { link, direction, program };
  }

  /** After the backend attached the stage's changes: keeps what it loaded, closes what they replaced and what is gone. */
  commit(staged: StagedPrograms, plan: NetworkPlan): void {
    for (const { link, direction, program } of staged.changes) {
      const key = keyOf(link.id, direction);
      const now = staged.loaded.get(key);
      if (program !== null && !now) continue; // kept as it was
      this.close(key);
      if (now) this.loaded.set(key, now);
    }
    for (const key of [...this.loaded.keys()]) if (!plan.links.has(key.slice(0, key.indexOf(' ')))) this.close(key);
  }

  /** Closes what the stage loaded (the backend did not take it). */
  abort(staged: StagedPrograms): void {
    for (const { program } of staged.loaded.values()) closeBpfProgram(program);
    staged.loaded.clear();
  }

  /** Closes every program (the network stopped: its ports, and the programs' hooks, are gone). */
  closeAll(): void {
    for (const key of [...this.loaded.keys()]) this.close(key);
  }

  private close(key: string): void {
    const loaded = this.loaded.get(key);
    if (loaded) closeBpfProgram(loaded.program);
    this.loaded.delete(key);
  }

  /** What each attached program's maps hold now, by link and direction (MAP_ENTRIES_SHOWN entries a map). */
  counters(): Record<string, LinkProgramCounters> {
    const result: Record<string, LinkProgramCounters> = {};
    for (const [key, { program }] of this.loaded) {
      const [link = '', direction] = key.split(' ') as [string, Direction];
      const maps: Record<string, Record<string, number>> = {};
      for (const map of program.maps.filter(isCounterMap))
        maps[map.name] = Object.fromEntries(readBpfMap(map, MAP_ENTRIES_SHOWN));
      (result[link] ??= {})[direction] = maps;
    }
    return result;
  }
}

/** Loads one program from its file read as user, a refusal turned into the caller's (`refuse`) with the reader's or loader's message whole. */
async function load(
  path: string,
  user: Invoker,
  wanted: LinkProgram,
  refuse: (why: string) => RpcError,
): Promise<BpfProgram> {
  try {
    return loadBpfProgram(path, await readAsUser(user, path), wanted.section);
  } catch (error) {
    throw refuse((error as Error).message);
  }
}
