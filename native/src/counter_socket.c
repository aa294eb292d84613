#include "counter_socket.h"

#include "netns.h"

#include <errno.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define DUMP_BUFFER_SIZE (64 * 1024)
/* Per link, in this order (index.ts reads them): ifindex, rx/tx packets, rx/tx bytes, rx/tx dropped. */
#define COUNTER_COLUMNS 7

struct open_request {
	int socket;
	int err;
};

static void open_route_socket(void *data)
{
	struct open_request *request = data;

	request->socket = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	request->err = request->socket < 0 ? errno : 0;
}

/* JS: counterSocketOpen(netns: string) → fd of a route socket made inside that namespace. */
napi_value counter_socket_open(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1], result;
	struct failure failure = { 0 };
	struct open_request request = { .socket = -1 };
	char *netns = NULL;
	int nsfd;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 1 || !read_string(env, argv[0], "counterSocketOpen: netns", &netns))
		return argc < 1 ? throw_invalid_arg(env, "counterSocketOpen: netns is required") : NULL;
	if (!netns_check_name(env, netns, "counterSocketOpen: netns")) {
		free(netns);
		return NULL;
	}
	nsfd = netns_open(netns, &failure);
	if (nsfd >= 0) {
		netns_run_inside(nsfd, netns, open_route_socket, &request, &failure);
		close(nsfd);
		if (!failure.err && request.err)
			failure_set(&failure, request.err, "namespace \"%s\": opening a netlink socket", netns);
	}
	free(netns);
	if (failure.err)
		return throw_failure(env, &failure);
	NAPI_CALL(env, napi_create_int32(env, request.socket, &result));
	return result;
}

struct dump {
	struct failure failure;
	int socket;
	uint32_t sequence;
	double *rows;
	size_t count;
	size_t capacity;
};

static int append_row(struct dump *read, const struct nlmsghdr *message)
{
	const struct if_stats_msg *header = NLMSG_DATA(message);
	int length = (int)message->nlmsg_len - (int)NLMSG_LENGTH(NLMSG_ALIGN(sizeof(*header)));
	const struct rtattr *attr = (const void *)((const char *)header + NLMSG_ALIGN(sizeof(*header)));
	double *row;

	if (length < 0)
		return 0;
	if (read->count == read->capacity) {
		size_t capacity = read->capacity ? read->capacity * 2 : 256;
		double *rows = realloc(read->rows, capacity * COUNTER_COLUMNS * sizeof(*rows));

		if (!rows)
			return -1;
		read->rows = rows;
		read->capacity = capacity;
	}
	row = &read->rows[read->count++ * COUNTER_COLUMNS];
	memset(row, 0, COUNTER_COLUMNS * sizeof(*row));
	row[0] = header->ifindex;
	for (; RTA_OK(attr, length); attr = RTA_NEXT(attr, length)) {
		struct rtnl_link_stats64 counters;

		if (attr->rta_type != IFLA_STATS_LINK_64 || RTA_PAYLOAD(attr) < sizeof(counters))
			continue;
		memcpy(&counters, RTA_DATA(attr), sizeof(counters));
		row[1] = (double)counters.rx_packets;
		row[2] = (double)counters.tx_packets;
		row[3] = (double)counters.rx_bytes;
		row[4] = (double)counters.tx_bytes;
		row[5] = (double)counters.rx_dropped;
		row[6] = (double)counters.tx_dropped;
	}
	return 0;
}

/* One datagram of the dump: 1 when the dump is complete, 0 for more, -1 on error (failure set). */
static int parse_datagram(struct dump *read, const char *buffer, ssize_t length)
{
	for (const struct nlmsghdr *message = (const void *)buffer; NLMSG_OK(message, length);
	     message = NLMSG_NEXT(message, length)) {
		if (message->nlmsg_seq != read->sequence)
			continue; /* what is left of an earlier, failed read */
		if (message->nlmsg_type == NLMSG_DONE)
			return 1;
		if (message->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *error = NLMSG_DATA(message);

			failure_set(&read->failure, -error->error, "RTM_GETSTATS dump");
			return -1;
		}
		if (message->nlmsg_type == RTM_NEWSTATS && append_row(read, message) < 0) {
			failure_set(&read->failure, ENOMEM, "collecting link counters");
			return -1;
		}
	}
	return 0;
}

static void dump_counters(struct dump *read)
{
	struct {
		struct nlmsghdr header;
		struct if_stats_msg filter;
	} request = {
		.header = { .nlmsg_len = sizeof(request), .nlmsg_type = RTM_GETSTATS,
			    .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = read->sequence },
		.filter = { .family = AF_UNSPEC, .filter_mask = IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64) },
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	char *buffer = malloc(DUMP_BUFFER_SIZE);
	int done = 0;

	if (!buffer) {
		failure_set(&read->failure, ENOMEM, "link counters");
		return;
	}
	if (sendto(read->socket, &request, sizeof(request), 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		failure_set(&read->failure, errno, "sending RTM_GETSTATS");
		done = -1;
	}
	while (!done) {
		ssize_t length = recv(read->socket, buffer, DUMP_BUFFER_SIZE, 0);

		if (length < 0 && errno == EINTR)
			continue;
		if (length <= 0) {
			failure_set(&read->failure, length < 0 ? errno : EPROTO, "reading the RTM_GETSTATS dump");
			break;
		}
		done = parse_datagram(read, buffer, length);
	}
	free(buffer);
}

/* Float64Array of COUNTER_COLUMNS per link. */
static napi_value rows_of(napi_env env, const struct dump *read)
{
	size_t values = read->count * COUNTER_COLUMNS;
	double *data;
	napi_value rows = create_float64_array(env, values, &data);

	if (rows && values)
		memcpy(data, read->rows, values * sizeof(double));
	return rows;
}

/*
 * JS: counterSocketRead(fd: number, sequence: number) → Float64Array. On the JS thread: the dump is a
 * millisecond of system calls, less than handing it to the thread pool and back costs at 10 Hz.
 */
napi_value counter_socket_read(napi_env env, napi_callback_info info)
{
	size_t argc = 2;
	napi_value argv[2], rows;
	uint32_t fd;
	struct dump read = { 0 };

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 2)
		return throw_invalid_arg(env, "counterSocketRead: fd and sequence are required");
	if (!read_uint32(env, argv[0], "counterSocketRead: fd", &fd) ||
	    !read_uint32(env, argv[1], "counterSocketRead: sequence", &read.sequence))
		return NULL;
	read.socket = (int)fd;
	dump_counters(&read);
	rows = read.failure.err ? throw_failure(env, &read.failure) : rows_of(env, &read);
	free(read.rows);
	return rows;
}
