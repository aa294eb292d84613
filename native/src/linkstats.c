#include "linkstats.h"

#include "netns.h"

#include <errno.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define DUMP_BUFFER_SIZE (64 * 1024)

struct link_stats {
	int ifindex;
	char name[IF_NAMESIZE];
	struct rtnl_link_stats64 counters;
};

struct linkstats_job {
	struct job job; /* first: the job helpers cast back */
	char *netns;    /* NULL: the namespace Node runs in */
	int socket;
	struct link_stats *links;
	size_t count;
	size_t capacity;
};

static void open_route_socket(void *data)
{
	struct linkstats_job *stats_job = data;

	stats_job->socket = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (stats_job->socket < 0)
		failure_set(&stats_job->job.failure, errno, "namespace \"%s\": opening a netlink socket",
			    stats_job->netns ? stats_job->netns : "(current)");
}

/* A netlink socket belongs to the namespace it was created in: make it there, on a throwaway thread. */
static int open_socket(struct linkstats_job *stats_job)
{
	int nsfd;

	if (!stats_job->netns) {
		open_route_socket(stats_job);
		return stats_job->socket;
	}
	nsfd = netns_open(stats_job->netns, &stats_job->job.failure);
	if (nsfd < 0)
		return -1;
	netns_run_inside(nsfd, stats_job->netns, open_route_socket, stats_job, &stats_job->job.failure);
	close(nsfd);
	return stats_job->socket;
}

static struct link_stats *append_link(struct linkstats_job *stats_job)
{
	if (stats_job->count == stats_job->capacity) {
		size_t capacity = stats_job->capacity ? stats_job->capacity * 2 : 64;
		struct link_stats *links = realloc(stats_job->links, capacity * sizeof(*links));

		if (!links)
			return NULL;
		stats_job->links = links;
		stats_job->capacity = capacity;
	}
	memset(&stats_job->links[stats_job->count], 0, sizeof(*stats_job->links));
	return &stats_job->links[stats_job->count++];
}

static int parse_link(struct linkstats_job *stats_job, const struct nlmsghdr *message)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(message);
	int length = (int)message->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*ifi));
	struct link_stats *link;

	if (length < 0)
		return 0;
	link = append_link(stats_job);
	if (!link)
		return -1;
	link->ifindex = ifi->ifi_index;
	for (const struct rtattr *attr = IFLA_RTA(ifi); RTA_OK(attr, length); attr = RTA_NEXT(attr, length)) {
		if (attr->rta_type == IFLA_IFNAME)
			strncpy(link->name, RTA_DATA(attr), sizeof(link->name) - 1);
		else if (attr->rta_type == IFLA_STATS64 && RTA_PAYLOAD(attr) >= sizeof(link->counters))
			memcpy(&link->counters, RTA_DATA(attr), sizeof(link->counters));
	}
	return 0;
}

/* Handles one datagram of the dump; returns 1 when the dump is complete, 0 for more, -1 on error. */
static int parse_datagram(struct linkstats_job *stats_job, const char *buffer, ssize_t length)
{
	const char *where = stats_job->netns ? stats_job->netns : "(current)";

	for (const struct nlmsghdr *message = (const void *)buffer; NLMSG_OK(message, length);
	     message = NLMSG_NEXT(message, length)) {
		if (message->nlmsg_type == NLMSG_DONE)
			return 1;
		if (message->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *error = NLMSG_DATA(message);

			failure_set(&stats_job->job.failure, -error->error, "namespace \"%s\": RTM_GETLINK dump", where);
			return -1;
		}
		if (message->nlmsg_type == RTM_NEWLINK && parse_link(stats_job, message) < 0) {
			failure_set(&stats_job->job.failure, ENOMEM, "namespace \"%s\": collecting link counters", where);
			return -1;
		}
	}
	return 0;
}

static void dump_links(struct linkstats_job *stats_job, char *buffer)
{
	const char *where = stats_job->netns ? stats_job->netns : "(current)";
	struct {
		struct nlmsghdr header;
		struct ifinfomsg ifi;
	} request = {
		.header = { .nlmsg_len = sizeof(request), .nlmsg_type = RTM_GETLINK,
			    .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
		.ifi = { .ifi_family = AF_UNSPEC },
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	int done = 0;

	if (sendto(stats_job->socket, &request, sizeof(request), 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		failure_set(&stats_job->job.failure, errno, "namespace \"%s\": sending RTM_GETLINK", where);
		return;
	}
	while (!done) {
		ssize_t length = recv(stats_job->socket, buffer, DUMP_BUFFER_SIZE, 0);

		if (length < 0 && errno == EINTR)
			continue;
		if (length <= 0) {
			failure_set(&stats_job->job.failure, length < 0 ? errno : EPROTO,
				    "namespace \"%s\": reading the RTM_GETLINK dump", where);
			return;
		}
		done = parse_datagram(stats_job, buffer, length);
	}
}

static void linkstats_run(struct job *job)
{
	struct linkstats_job *stats_job = (struct linkstats_job *)job;
	char *buffer;

	if (open_socket(stats_job) < 0)
		return;
	buffer = malloc(DUMP_BUFFER_SIZE);
	if (!buffer)
		failure_set(&job->failure, ENOMEM, "link counters");
	else
		dump_links(stats_job, buffer);
	free(buffer);
	close(stats_job->socket);
}

static napi_value link_to_js(napi_env env, const struct link_stats *link)
{
	const struct rtnl_link_stats64 *counters = &link->counters;
	napi_value object;

	NAPI_CALL(env, napi_create_object(env, &object));
	if (!set_number(env, object, "ifindex", link->ifindex) || !set_string(env, object, "name", link->name) ||
	    !set_number(env, object, "rxPackets", (double)counters->rx_packets) ||
	    !set_number(env, object, "txPackets", (double)counters->tx_packets) ||
	    !set_number(env, object, "rxBytes", (double)counters->rx_bytes) ||
	    !set_number(env, object, "txBytes", (double)counters->tx_bytes) ||
	    !set_number(env, object, "rxDropped", (double)counters->rx_dropped) ||
	    !set_number(env, object, "txDropped", (double)counters->tx_dropped) ||
	    !set_number(env, object, "rxErrors", (double)counters->rx_errors) ||
	    !set_number(env, object, "txErrors", (double)counters->tx_errors))
		return NULL;
	return object;
}

static napi_value linkstats_result(napi_env env, struct job *job)
{
	struct linkstats_job *stats_job = (struct linkstats_job *)job;
	napi_value array, element;

	NAPI_CALL(env, napi_create_array_with_length(env, stats_job->count, &array));
	for (size_t i = 0; i < stats_job->count; i++) {
		element = link_to_js(env, &stats_job->links[i]);
		if (!element)
			return NULL;
		NAPI_CALL(env, napi_set_element(env, array, (uint32_t)i, element));
	}
	return array;
}

static void linkstats_release(struct job *job)
{
	struct linkstats_job *stats_job = (struct linkstats_job *)job;

	free(stats_job->netns);
	free(stats_job->links);
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
		return throw_invalid_arg(env, "linkStats: out of memory");
	stats_job->socket = -1;
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
