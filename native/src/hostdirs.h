/*
 * Directories the helper (root) makes for a user in places that user can
 * write to: every step is relative to a directory descriptor and refuses
 * symbolic links and escapes (openat2 RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS),
 * so nothing the user plants there redirects a root mkdir, chown or mount.
 */
#ifndef VNET_HOSTDIRS_H
#define VNET_HOSTDIRS_H

#include "napi_util.h"

/*
 * openat2(dirfd, path, flags | O_CLOEXEC) that never follows a link (ELOOP)
 * nor leaves dirfd (EXDEV). Async-signal-safe: the spawn child uses it too.
 */
int hostdirs_open_beneath(int dirfd, const char *path, int flags);
/* Fills failure for a hostdirs_open_beneath() error, saying what ELOOP and EXDEV mean. */
void hostdirs_describe(struct failure *failure, int err, const char *what, const char *path);

/* JS: openOwnedDirectory(trusted, path, uid, gid) → fd (see native/index.ts) */
napi_value hostdirs_open_owned(napi_env env, napi_callback_info info);
/* JS: makeDirectories(dirFd, [{ path, mode }], uid, gid) → Promise<void> */
napi_value hostdirs_make(napi_env env, napi_callback_info info);
/* JS: emptyDirectories(dirFd, where, paths) → Promise<void> */
napi_value hostdirs_empty(napi_env env, napi_callback_info info);
/* JS: writeFiles(dirFd, where, [{ path, mode, content }], uid, gid) → Promise<void> */
napi_value hostdirs_write_files(napi_env env, napi_callback_info info);

#endif
