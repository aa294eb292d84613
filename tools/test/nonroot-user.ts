/**
 * The user tests run things as when they must not be root (a desktop user on
 * a checkout): a system user without a home or a login, made on first use.
 */
import { execFileSync } from 'node:child_process';

export const NONROOT_USER = 'vnet-e2e-user';

export interface NonRootUser {
  name: string;
  uid: number;
  gid: number;
}

/** The user, made first if missing (as root). */
export function nonRootUser(): NonRootUser {
  const id = (flag: string) => Number(execFileSync('id', [flag, NONROOT_USER], { encoding: 'utf8' }).trim());
  try {
    id('-u');
  } catch {
    execFileSync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      NONROOT_USER,
    ]);
  }
  return { name: NONROOT_USER, uid: id('-u'), gid: id('-g') };
}

/** Argv prefix that runs a command as that user, exec'd in place (no process in between for signals). */
export function asUser({ uid, gid }: NonRootUser): string[] {
  return ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups'];
}
