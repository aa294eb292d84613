#include "linkstats.h"

#include "netns.h"
#include "rtnl_stats.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct linkstats_job {
	struct job job; /* first: the job helpers cast back */
	char *netns;    /* NULL: the namespace Node runs in */
	struct link_rows rows;
	char (*names)[IF_NAMESIZE]; /* per row; "" for a link gone meanwhile */
};

/* Names by ifindex through the same socket (it answers for its namespace). */
static int name_links(struct linkstats_job *stats_job, int socket)
{
	stats_job->names = calloc(stats_job->rows.count + 1, sizeof(*stats_job->names));
	if (!stats_job->names)
		return -1;
	for (size_t i = 0; i < stats_job->rows.count; i++) {
		struct ifreq request = { .ifr_ifindex = (int)stats_job->rows.values[i * LINK_COLUMNS + LINK_IFINDEX] };

		if (ioctl(socket, SIOCGIFNAME, &request) == 0)
			memcpy(stats_job->names[i], request.ifr_name, IF_NAMESIZE - 1);
	}
	return 0;
}

static void linkstats_run(struct job *job)
{
	struct linkstats_job *stats_job = (struct linkstats_job *)job;
	char where[NAME_MAX + 16];
	int socket = rtnl_socket_open(stats_job->netns, &job->failure);

	if (socket < 0)
		return;
	snprintf(where, sizeof(where), "namespace \"%s\"", stats_job->netns ? stats_job->netns : "(current)");
	if (rtnl_stats_dump(socket, 1, where, &stats_job->rows, &job->failure) == 0 &&
	    name_links(stats_job, socket) < 0)
		failure_set(&job->failure, ENOMEM, "%s: naming links", where);
	close(socket);
}

static napi_value linkstats_result(napi_env env, struct job *job)
{
	struct linkstats_job *stats_job = (struct linkstats_job *)job;
	napi_value result, names, name, rows;

	NAPI_CALL(env, napi_create_array_with_length(env, stats_job->rows.count, &names));
	for (size_t i = 0; i < stats_job->rows.count; i++) {
		NAPI_CALL(env, napi_create_string_utf8(env, stats_job->names[i], NAPI_AUTO_LENGTH, &name));
		NAPI_CALL(env, napi_set_element(env, names, (uint32_t)i, name));
	}
	rows = rtnl_rows_array(env, &stats_job->rows);
	if (!rows)
		return NULL;
	NAPI_CALL(env, napi_create_object(env, &result));
	NAPI_CALL(env, napi_set_named_property(env, result, "names", names));
	NAPI_CALL(env, napi_set_named_property(env, result, "rows", rows));
	return result;
}

static void linkstats_release(struct job *job)
{
	struct linkstats_job *stats_job = (struct linkstats_job *)job;

	free(stats_job->netns);
	free(stats_job->rows.values);
	free(stats_job->names);
	free(stats_job);
}

napi_value linkstats_dump(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1];
	napi_valuetype type = napi_undefined;
	struct linkstats_job *stats_job;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc >= 1)
		NAPI_CALL(env, napi_typeof(env, argv[0], &type));
	stats_job = calloc(1, sizeof(*stats_job));
	if (!stats_job)
		return throw_no_memory(env, "linkStats");
	stats_job->job.run = linkstats_run;
	stats_job->job.result = linkstats_result;
	stats_job->job.release = linkstats_release;
	if (type != napi_undefined && type != napi_null &&
	    (!read_string(env, argv[0], "linkStats: netns", &stats_job->netns) ||
	     !netns_check_name(env, stats_job->netns, "linkStats: netns"))) {
		linkstats_release(&stats_job->job);
		return NULL;
	}
	return job_start(env, &stats_job->job, "vnet.linkStats");
}
