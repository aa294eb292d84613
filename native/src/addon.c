/* Registers the addon's functions and constants; see native/index.ts for the typed API over them. */
#include "bpf_object.h"
#include "capture.h"
#include "child_watch.h"
#include "counter_socket.h"
#include "hostdirs.h"
#include "linkstats.h"
#include "napi_util.h"
#include "netns.h"
#include "port_counters.h"
#include "rtnl_config.h"
#include "rtnl_stats.h"
#include "spawn.h"
#include "vnetdev.h"

static napi_value init(napi_env env, napi_value exports)
{
	napi_value link_layout = rtnl_link_layout(env), stats_layout = vnetdev_stats_layout(env);
	napi_value capture_layout = capture_row_layout(env), port_layout = port_counters_layout(env);
	const napi_property_descriptor properties[] = {
		{ "createNamespaces", NULL, netns_create_namespaces, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "deleteNamespaces", NULL, netns_delete_namespaces, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "spawn", NULL, spawn_process, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "signalProcess", NULL, child_watch_signal, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "resizePty", NULL, spawn_resize_pty, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "openOwnedDirectory", NULL, hostdirs_open_owned, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "makeDirectories", NULL, hostdirs_make, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "emptyDirectories", NULL, hostdirs_empty, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "writeFiles", NULL, hostdirs_write_files, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "configureHosts", NULL, rtnl_configure_hosts, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "linkStats", NULL, linkstats_dump, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "counterSocketOpen", NULL, counter_socket_open, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "counterSocketRead", NULL, counter_socket_read, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "captureSocketOpen", NULL, capture_socket_open, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "captureSocketRead", NULL, capture_socket_read, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "captureSocketDrops", NULL, capture_socket_drops, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "bpfLoad", NULL, bpf_object_load, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "bpfMapRead", NULL, bpf_map_read, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "bpfTcSet", NULL, bpf_tc_set, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "portCountersOpen", NULL, port_counters_open, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "portCountersRead", NULL, port_counters_read, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "portCountersClose", NULL, port_counters_close, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "vnetOpen", NULL, vnetdev_open, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "vnetBatch", NULL, vnetdev_batch, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "vnetPartition", NULL, vnetdev_partition, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "vnetProg", NULL, vnetdev_prog, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "vnetCaptureOpen", NULL, vnet_capture_open, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "vnetCaptureRead", NULL, vnet_capture_read, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "vnetStats", NULL, vnetdev_stats, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "vnetClose", NULL, vnetdev_close, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "linkStatsLayout", NULL, NULL, NULL, NULL, link_layout, napi_enumerable, NULL },
		{ "vnetStatsLayout", NULL, NULL, NULL, NULL, stats_layout, napi_enumerable, NULL },
		{ "captureRowLayout", NULL, NULL, NULL, NULL, capture_layout, napi_enumerable, NULL },
		{ "portCountersLayout", NULL, NULL, NULL, NULL, port_layout, napi_enumerable, NULL },
	};

	if (!link_layout || !stats_layout || !capture_layout || !port_layout)
		return NULL;
	NAPI_CALL(env, napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties));
	return exports;
}

NAPI_MODULE_INIT()
{
	return init(env, exports);
}
