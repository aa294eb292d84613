#include "linkstats.h"

#include "netns.h"

#include <errno.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/ioctl.h>
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
	const struct if_stats_msg *header = NLMSG_DATA(message);
	int length = (int)message->nlmsg_len - (int)NLMSG_LENGTH(NLMSG_ALIGN(sizeof(*header)));
	const struct rtattr *attr = (const void *)((const char *)header + NLMSG_ALIGN(sizeof(*header)));
	struct link_stats *link;

	if (length < 0)
		return 0;
	link = append_link(stats_job);
	if (!link)
		return -1;
	link->ifindex = (int)header->ifindex;
	for (; RTA_OK(attr, length); attr = RTA_NEXT(attr, length))
		if (attr->rta_type == IFLA_STATS_LINK_64 && RTA_PAYLOAD(attr) >= sizeof(link->counters))
			memcpy(&link->counters, RTA_DATA(attr), sizeof(link->counters));
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

			failure_set(&stats_job->job.failure, -error->error, "namespace \"%s\": RTM_GETSTATS dump", where);
			return -1;
		}
		if (message->nlmsg_type == RTM_NEWSTATS && parse_link(stats_job, message) < 0) {
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
		struct if_stats_msg filter;
	} request = {
		.header = { .nlmsg_len = sizeof(request), .nlmsg_type = RTM_GETSTATS,
			    .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
		.filter = { .family = AF_UNSPEC, .filter_mask = IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64) },
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	int done = 0;

	if (sendto(stats_job->socket, &request, sizeof(request), 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		failure_set(&stats_job->job.failure, errno, "namespace \"%s\": sending RTM_GETSTATS", where);
		return;
	}
	while (!done) {
		ssize_t length = recv(stats_job->socket, buffer, DUMP_BUFFER_SIZE, 0);

		if (length < 0 && errno == EINTR)
			continue;
		if (length <= 0) {
			failure_set(&stats_job->job.failure, length < 0 ? errno : EPROTO,
				    "namespace \"%s\": reading the RTM_GETSTATS dump", where);
			return;
		}
		done = parse_datagram(stats_job, buffer, length);
	}
}

/* Names by ifindex through the same socket (it answers for its namespace); a link gone meanwhile keeps "". */
static void name_links(struct linkstats_job *stats_job)
{
	for (size_t i = 0; i < stats_job->count; i++) {
		struct ifreq request = { .ifr_ifindex = stats_job->links[i].ifindex };

		if (ioctl(stats_job->socket, SIOCGIFNAME, &request) == 0)
			memcpy(stats_job->links[i].name, request.ifr_name, sizeof(stats_job->links[i].name) - 1);
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
	if (!job->failure.err)
		name_links(stats_job);
	free(buffer);
	close(stats_job->socket);
}

/* Per link, in this order, after the ifindex (index.ts turns rows into objects: faster than N-API setters). */
#define LINK_COLUMNS 9

static void link_row(const struct link_stats *link, double *row)
{
	const struct rtnl_link_stats64 *counters = &link->counters;

	row[0] = link->ifindex;
	row[1] = (double)counters->rx_packets;
	row[2] = (double)counters->tx_packets;
	row[3] = (double)counters->rx_bytes;
	row[4] = (double)counters->tx_bytes;
	row[5] = (double)counters->rx_dropped;
	row[6] = (double)counters->tx_dropped;
	row[7] = (double)counters->rx_errors;
	row[8] = (double)counters->tx_errors;
}

/* { names: string[], rows: Float64Array of LINK_COLUMNS per link } */
static napi_value linkstats_result(napi_env env, struct job *job)
{
	struct linkstats_job *stats_job = (struct linkstats_job *)job;
	napi_value result, names, name, rows;
	double *row;

	NAPI_CALL(env, napi_create_array_with_length(env, stats_job->count, &names));
	rows = create_float64_array(env, stats_job->count * LINK_COLUMNS, &row);
	if (!rows)
		return NULL;
	for (size_t i = 0; i < stats_job->count; i++, row += LINK_COLUMNS) {
		link_row(&stats_job->links[i], row);
		NAPI_CALL(env, napi_create_string_utf8(env, stats_job->links[i].name, NAPI_AUTO_LENGTH, &name));
		NAPI_CALL(env, napi_set_element(env, names, (uint32_t)i, name));
	}
	NAPI_CALL(env, napi_create_object(env, &result));
	NAPI_CALL(env, napi_set_named_property(env, result, "names", names));
	NAPI_CALL(env, napi_set_named_property(env, result, "rows", rows));
	return result;
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
		return throw_no_memory(env, "linkStats");
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
