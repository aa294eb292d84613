#include "counter_socket.h"

#include "netns.h"
#include "rtnl_stats.h"

#include <stdlib.h>

napi_value counter_socket_open(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1], result;
	struct failure failure = { 0 };
	char *netns = NULL;
	int socket;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 1 || !read_string(env, argv[0], "counterSocketOpen: netns", &netns))
		return argc < 1 ? throw_invalid_arg(env, "counterSocketOpen: netns is required") : NULL;
	if (!netns_check_name(env, netns, "counterSocketOpen: netns")) {
		free(netns);
		return NULL;
	}
	socket = rtnl_socket_open(netns, &failure);
	free(netns);
	if (socket < 0)
		return throw_failure(env, &failure);
	NAPI_CALL(env, napi_create_int32(env, socket, &result));
	return result;
}

/*
 * On the JS thread: the dump is a millisecond of system calls, less than handing it to the thread pool
 * and back costs at 10 Hz.
 */
napi_value counter_socket_read(napi_env env, napi_callback_info info)
{
	size_t argc = 2;
	napi_value argv[2], array;
	uint32_t fd, sequence;
	struct failure failure = { 0 };
	struct link_rows rows = { 0 };

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 2)
		return throw_invalid_arg(env, "counterSocketRead: fd and sequence are required");
	if (!read_uint32(env, argv[0], "counterSocketRead: fd", &fd) ||
	    !read_uint32(env, argv[1], "counterSocketRead: sequence", &sequence))
		return NULL;
	if (rtnl_stats_dump((int)fd, sequence, "counter socket", &rows, &failure) < 0)
		array = throw_failure(env, &failure);
	else
		array = rtnl_rows_array(env, &rows);
	free(rows.values);
	return array;
}
