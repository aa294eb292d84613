/*
 * Link counters of one namespace, read every tick: a route socket made
 * once inside the namespace, then one rtnetlink stats dump (rtnl_stats.h)
 * per read, with ifindexes and no names. linkStats() pays a thread, a
 * setns, a socket and an SIOCGIFNAME per link on every call: too much at
 * 10 Hz over 2,000 ports.
 */
#ifndef VNET_COUNTER_SOCKET_H
#define VNET_COUNTER_SOCKET_H

#include "napi_util.h"

/* JS: counterSocketOpen(netns: string) → fd (close it with fs.closeSync) */
napi_value counter_socket_open(napi_env env, napi_callback_info info);
/* JS: counterSocketRead(fd: number, sequence: number) → Float64Array of rows as linkStatsLayout says */
napi_value counter_socket_read(napi_env env, napi_callback_info info);

#endif
