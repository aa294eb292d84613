/* Named network namespaces under /run/netns, as `ip netns` keeps them. */
#ifndef VNET_NETNS_H
#define VNET_NETNS_H

#include "napi_util.h"

#include <limits.h>
#include <stdbool.h>

#define NETNS_RUN_DIR "/run/netns"
#define NETNS_PATH_MAX (sizeof(NETNS_RUN_DIR "/") + NAME_MAX)

/* A name that is safe as one path component under /run/netns. */
bool netns_name_valid(const char *name);
/* Throws a TypeError naming `what` unless netns_name_valid(name). */
napi_value netns_check_name(napi_env env, const char *name, const char *what);
void netns_path(char path[NETNS_PATH_MAX], const char *name);
/* Opens /run/netns/<name> O_CLOEXEC; on error returns -1 and fills failure. */
int netns_open(const char *name, struct failure *failure);
/*
 * Runs fn(arg) on a short-lived thread that first enters the namespace nsfd,
 * so no shared thread ever changes namespace. Returns 0, or fills failure.
 */
int netns_run_inside(int nsfd, const char *name, void (*fn)(void *arg), void *arg, struct failure *failure);

/*
 * A procfs instance of our own, mounted nowhere, as an O_PATH directory fd
 * (the machine's /proc before Linux 5.2): /proc/sys/net lookups of many
 * namespaces in the machine's /proc get slower with every namespace. Replace
 * it after NETNS_PROC_LOOKUPS namespaces. Returns -1 and fills failure.
 */
#define NETNS_PROC_LOOKUPS 128
int netns_private_proc(struct failure *failure);

napi_value netns_create_namespaces(napi_env env, napi_callback_info info);
napi_value netns_delete_namespaces(napi_env env, napi_callback_info info);

#endif
