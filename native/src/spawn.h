/* spawn(): a program inside a named namespace, as a given user, on a pty or pipes. */
#ifndef VNET_SPAWN_H
#define VNET_SPAWN_H

#include "napi_util.h"

/* JS: spawn(options, onExit) → { pid, handle, ptyFd? | stdinFd, stdoutFd, stderrFd } */
napi_value spawn_process(napi_env env, napi_callback_info info);
/* JS: resizePty(fd, cols, rows) */
napi_value spawn_resize_pty(napi_env env, napi_callback_info info);

#endif
