/*
 * Link counters from rtnetlink, for linkStats() and the counter socket alike:
 * a route socket made inside a namespace, and one RTM_GETSTATS dump
 * (IFLA_STATS_LINK_64 only) of it into rows of doubles, one per link. The
 * dump costs a fraction of RTM_GETLINK's, which fills every link attribute
 * (IPv6 settings included) for each link.
 */
#ifndef VNET_RTNL_STATS_H
#define VNET_RTNL_STATS_H

#include "napi_util.h"

#include <stddef.h>
#include <stdint.h>

/* The values of a link row, in order. JS reads them through rtnl_link_layout() by name. */
enum link_column {
	LINK_IFINDEX,
	LINK_RX_PACKETS,
	LINK_TX_PACKETS,
	LINK_RX_BYTES,
	LINK_TX_BYTES,
	LINK_RX_DROPPED,
	LINK_TX_DROPPED,
	LINK_RX_ERRORS,
	LINK_TX_ERRORS,
	LINK_COLUMNS
};

struct link_rows {
	double *values; /* LINK_COLUMNS per link */
	size_t count;
	size_t capacity;
};

/* A route socket belonging to the namespace /run/netns/<netns> (NULL: the caller's); -1 with failure set. */
int rtnl_socket_open(const char *netns, struct failure *failure);
/*
 * Appends a row per link of the socket's namespace to rows. sequence tells this dump's replies from
 * those left of an earlier one that failed midway; where ("namespace \"x\"") prefixes failure messages.
 */
int rtnl_stats_dump(int socket, uint32_t sequence, const char *where, struct link_rows *rows,
		    struct failure *failure);
/* The rows as one Float64Array. */
napi_value rtnl_rows_array(napi_env env, const struct link_rows *rows);
/* JS: the addon's linkStatsLayout: { width, ifindex, rxPackets, txPackets, …, txErrors } (column of each). */
napi_value rtnl_link_layout(napi_env env);

#endif
