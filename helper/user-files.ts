/**
 * Files a document names (a router's frrFile, a link program's object) read as the user who runs vnet,
 * not as the helper: a file the user may not read is refused, rather than disclosed through what is
 * made of it (a router's /etc/frr, a verifier's log) or run.
 */
import type { Invoker } from './processes.js';
import { runForBytes } from './run.js';

/** The file's bytes as user reads them; refused with `cannot read PATH: REASON` ("Permission denied"). */
export async function readAsUser(user: Invoker, path: string): Promise<Buffer> {
  const ids = [`--reuid=${user.uid}`, `--regid=${user.gid}`];
  const groups = user.groups.length ? `--groups=${user.groups.join(',')}` : '--clear-groups';
  try {
    return await runForBytes(['setpriv', ...ids, groups, '--', 'cat', '--', path]);
  } catch (error) {
    // cat's own reason is its message's last part ("No such file or directory", "Permission denied").
    const reason = /: ([^:]+)$/.exec((error as Error).message)?.[1];
    throw new Error(`cannot read ${path}${reason ? `: ${reason}` : ''}`, { cause: error });
  }
}
