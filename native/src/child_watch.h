/*
 * Watches one spawned child through its pidfd on Node's own event loop
 * (uv_poll), reaps exactly that child and calls back into JS. Never
 * waitpid(-1): that would steal the children libuv spawns.
 */
#ifndef VNET_CHILD_WATCH_H
#define VNET_CHILD_WATCH_H

#include "napi_util.h"

#include <sys/types.h>

/*
 * Starts watching pid (a child of this process) and returns a JS handle for
 * child_watch_signal(); on_exit(code: number|null, signal: string|null) is
 * called once when it ends. Returns NULL with an exception pending on failure.
 */
napi_value child_watch_start(napi_env env, pid_t pid, napi_value on_exit);

/* JS: signalProcess(handle, signo): pidfd_send_signal, so a recycled pid is never hit. */
napi_value child_watch_signal(napi_env env, napi_callback_info info);

#endif
