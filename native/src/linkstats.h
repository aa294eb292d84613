/*
 * linkStats(): counters of every link in a namespace from one RTM_GETSTATS
 * dump (IFLA_STATS_LINK_64 only) plus SIOCGIFNAME per link: the same
 * numbers as RTM_GETLINK's IFLA_STATS64 at a fraction of its kernel cost,
 * which fills every link attribute (IPv6 settings included) for each link.
 */
#ifndef VNET_LINKSTATS_H
#define VNET_LINKSTATS_H

#include "napi_util.h"

/* JS: linkStats(netns?: string) → Promise<{ names: string[], rows: Float64Array }> (see index.ts) */
napi_value linkstats_dump(napi_env env, napi_callback_info info);

#endif
