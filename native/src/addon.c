/* Registers the addon's functions; see native/index.ts for the typed API over them. */
#include "child_watch.h"
#include "counter_socket.h"
#include "hostdirs.h"
#include "linkstats.h"
#include "napi_util.h"
#include "netns.h"
#include "spawn.h"
#include "vnetdev.h"

static napi_value init(napi_env env, napi_value exports)
{
	const napi_property_descriptor functions[] = {
		{ "createNamespaces", NULL, netns_create_namespaces, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "deleteNamespaces", NULL, netns_delete_namespaces, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "spawn", NULL, spawn_process, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "signalProcess", NULL, child_watch_signal, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "resizePty", NULL, spawn_resize_pty, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "openOwnedDirectory", NULL, hostdirs_open_owned, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "makeDirectories", NULL, hostdirs_make, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "emptyDirectories", NULL, hostdirs_empty, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "linkStats", NULL, linkstats_dump, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "counterSocketOpen", NULL, counter_socket_open, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "counterSocketRead", NULL, counter_socket_read, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "vnetOpen", NULL, vnetdev_open, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "vnetBatch", NULL, vnetdev_batch, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "vnetStats", NULL, vnetdev_stats, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "vnetClose", NULL, vnetdev_close, NULL, NULL, NULL, napi_enumerable, NULL },
	};

	NAPI_CALL(env, napi_define_properties(env, exports, sizeof(functions) / sizeof(functions[0]), functions));
	return exports;
}

NAPI_MODULE_INIT()
{
	return init(env, exports);
}
