/* linkStats(): counters of every link in a namespace from one RTM_GETLINK dump. */
#ifndef VNET_LINKSTATS_H
#define VNET_LINKSTATS_H

#include "napi_util.h"

/* JS: linkStats(netns?: string) → Promise<Array<{ ifindex, name, rxPackets, … }>> */
napi_value linkstats_dump(napi_env env, napi_callback_info info);

#endif
