/*
 * linkStats(): counters of every link in a namespace from one rtnetlink
 * stats dump (rtnl_stats.h), plus SIOCGIFNAME per link for its name.
 */
#ifndef VNET_LINKSTATS_H
#define VNET_LINKSTATS_H

#include "napi_util.h"

/* JS: linkStats(netns?: string) → Promise<{ names: string[], rows: Float64Array }> (rows: linkStatsLayout) */
napi_value linkstats_dump(napi_env env, napi_callback_info info);

#endif
