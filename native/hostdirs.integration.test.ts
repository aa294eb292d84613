import {
  chownSync,
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDirectories, makeDirectories, openOwnedDirectory, writeFiles } from './index.js';

const NOBODY = { uid: 65534, gid: 65534 };
let root: string;
/** A directory beside root that nothing may touch. */
let outside: string;

beforeAll(() => {
  root = mkdtempSync('/var/tmp/vnet-hostdirs-');
  outside = mkdtempSync('/var/tmp/vnet-hostdirs-outside-');
  writeFileSync(join(outside, 'keep'), 'x');
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

function stats(path: string) {
  const s = statSync(path);
  return { uid: s.uid, gid: s.gid, mode: s.mode & 0o7777 };
}

describe('openOwnedDirectory', () => {
  it('makes the missing components, owned by the user, mode 0755, and locks the last', () => {
    const fd = openOwnedDirectory(root, 'state/vnet/net', NOBODY);
    try {
      for (const dir of ['state', 'state/vnet', 'state/vnet/net'])
        expect(stats(join(root, dir))).toEqual({ ...NOBODY, mode: 0o755 });
      expect(() => openOwnedDirectory(root, 'state/vnet/net', NOBODY)).toThrow(
        expect.objectContaining({
          code: 'EBUSY',
          message: expect.stringContaining(`${root}/state/vnet/net is the directory of another running network`),
        }),
      );
    } finally {
      closeSync(fd);
    }
    closeSync(openOwnedDirectory(root, 'state/vnet/net', NOBODY)); // unlocked with the descriptor
  });

  it('refuses a component that is a symbolic link (ELOOP), naming it', () => {
    symlinkSync(outside, join(root, 'planted'));
    expect(() => openOwnedDirectory(root, 'planted/net', NOBODY)).toThrow(
      expect.objectContaining({
        code: 'ELOOP',
        message: expect.stringContaining(`${root}/planted is or passes through a symbolic link`),
      }),
    );
    expect(readdirSync(outside)).toEqual(['keep']);
  });

  it('refuses a component that exists and belongs to someone else (EPERM)', () => {
    mkdirSync(join(root, 'roots'));
    expect(() => openOwnedDirectory(root, 'roots/net', NOBODY)).toThrow(
      expect.objectContaining({
        code: 'EPERM',
        message: `${root}/roots belongs to uid 0, not to the invoking user (uid 65534): Operation not permitted`,
      }),
    );
  });
});

describe('makeDirectories', () => {
  it('makes nested directories with their exact modes, for the user', async () => {
    const fd = openOwnedDirectory(root, 'made', NOBODY);
    try {
      await makeDirectories(
        fd,
        `${root}/made`,
        [
          { path: 'h1/tmp', mode: 0o1777 },
          { path: 'h1/var/log', mode: 0o755 },
        ],
        NOBODY,
      );
    } finally {
      closeSync(fd);
    }
    expect(stats(join(root, 'made/h1/tmp'))).toEqual({ ...NOBODY, mode: 0o1777 });
    expect(stats(join(root, 'made/h1/var'))).toEqual({ ...NOBODY, mode: 0o755 });
    expect(stats(join(root, 'made/h1/var/log'))).toEqual({ ...NOBODY, mode: 0o755 });
  });

  it('refuses a path leading out of the directory (EXDEV) and a planted link (ELOOP)', async () => {
    const fd = openOwnedDirectory(root, 'escapes', NOBODY);
    symlinkSync(outside, join(root, 'escapes/h2'));
    try {
      await expect(makeDirectories(fd, `${root}/escapes`, [{ path: '../out', mode: 0o755 }], NOBODY)).rejects.toThrow(
        expect.objectContaining({
          code: 'EXDEV',
          message: expect.stringContaining(`${root}/escapes/.. leads outside`),
        }),
      );
      await expect(makeDirectories(fd, `${root}/escapes`, [{ path: 'h2/tmp', mode: 0o755 }], NOBODY)).rejects.toThrow(
        expect.objectContaining({ code: 'ELOOP', message: expect.stringContaining(`${root}/escapes/h2 is or passes`) }),
      );
    } finally {
      closeSync(fd);
    }
    expect(existsSync(join(root, 'out'))).toBe(false);
    expect(readdirSync(outside)).toEqual(['keep']);
  });
});

describe('emptyDirectories', () => {
  it('removes everything inside, links included but never followed, and skips a missing directory', async () => {
    const fd = openOwnedDirectory(root, 'full', NOBODY);
    mkdirSync(join(root, 'full/tmp/a/b'), { recursive: true });
    writeFileSync(join(root, 'full/tmp/a/b/file'), 'x');
    symlinkSync(outside, join(root, 'full/tmp/a/link'));
    try {
      await emptyDirectories(fd, `${root}/full`, ['tmp', 'absent']);
    } finally {
      closeSync(fd);
    }
    expect(readdirSync(join(root, 'full/tmp'))).toEqual([]);
    expect(readdirSync(outside)).toEqual(['keep']);
  });

  it('refuses a directory that is itself a link (ELOOP)', async () => {
    const fd = openOwnedDirectory(root, 'linked', NOBODY);
    symlinkSync(outside, join(root, 'linked/tmp'));
    try {
      await expect(emptyDirectories(fd, `${root}/linked`, ['tmp'])).rejects.toThrow(
        expect.objectContaining({ code: 'ELOOP', message: expect.stringContaining(`${root}/linked/tmp is or passes`) }),
      );
    } finally {
      closeSync(fd);
    }
    expect(readdirSync(outside)).toEqual(['keep']);
  });
});

describe('writeFiles', () => {
  it('writes files and their missing parents for the user, and rewrites its own file', async () => {
    const fd = openOwnedDirectory(root, 'files', NOBODY);
    try {
      await writeFiles(fd, `${root}/files`, [{ path: 'h1/etc/app/app.conf', mode: 0o644, content: 'one' }], NOBODY);
      await writeFiles(fd, `${root}/files`, [{ path: 'h1/etc/app/app.conf', mode: 0o600, content: 'two' }], NOBODY);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(join(root, 'files/h1/etc/app/app.conf'), 'utf8')).toBe('two');
    expect(stats(join(root, 'files/h1/etc/app/app.conf'))).toEqual({ ...NOBODY, mode: 0o600 });
    expect(stats(join(root, 'files/h1/etc'))).toEqual({ ...NOBODY, mode: 0o755 });
  });

  it('refuses a planted link (ELOOP) and a hard link to a file of another (EPERM), writing nothing', async () => {
    const fd = openOwnedDirectory(root, 'links', NOBODY);
    mkdirSync(join(root, 'links/h1'));
    chownSync(join(root, 'links/h1'), NOBODY.uid, NOBODY.gid);
    symlinkSync(join(outside, 'keep'), join(root, 'links/h1/linked'));
    linkSync(join(outside, 'keep'), join(root, 'links/h1/hard'));
    const file = (name: string) => [{ path: `h1/${name}`, mode: 0o644, content: 'overwritten' }];
    try {
      await expect(writeFiles(fd, `${root}/links`, file('linked'), NOBODY)).rejects.toThrow(
        expect.objectContaining({ code: 'ELOOP', message: expect.stringContaining(`${root}/links/h1/linked is or`) }),
      );
      await expect(writeFiles(fd, `${root}/links`, file('hard'), NOBODY)).rejects.toThrow(
        expect.objectContaining({
          code: 'EPERM',
          message: expect.stringContaining('not a plain file of the invoking'),
        }),
      );
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(join(outside, 'keep'), 'utf8')).toBe('x');
  });
});
