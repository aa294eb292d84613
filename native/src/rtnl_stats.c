#include "rtnl_stats.h"

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

static const char *const link_column_names[LINK_COLUMNS] = {
	[LINK_IFINDEX] = "ifindex",	  [LINK_RX_PACKETS] = "rxPackets", [LINK_TX_PACKETS] = "txPackets",
	[LINK_RX_BYTES] = "rxBytes",	  [LINK_TX_BYTES] = "txBytes",	   [LINK_RX_DROPPED] = "rxDropped",
	[LINK_TX_DROPPED] = "txDropped", [LINK_RX_ERRORS] = "rxErrors",   [LINK_TX_ERRORS] = "txErrors",
};

struct socket_request {
	int socket;
	int err;
};

static void make_socket(void *data)
{
	struct socket_request *request = data;

	request->socket = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	request->err = request->socket < 0 ? errno : 0;
}

/* A netlink socket belongs to the namespace it was made in: make it there, on a throwaway thread. */
int rtnl_socket_open(const char *netns, struct failure *failure)
{
	struct socket_request request = { .socket = -1 };
	int nsfd;

	if (!netns) {
		make_socket(&request);
	} else {
		nsfd = netns_open(netns, failure);
		if (nsfd < 0)
			return -1;
		netns_run_inside(nsfd, netns, make_socket, &request, failure);
		close(nsfd);
	}
	if (request.err)
		failure_set(failure, request.err, "namespace \"%s\": opening a netlink socket",
			    netns ? netns : "(current)");
	return failure->err ? -1 : request.socket;
}

static double *append_row(struct link_rows *rows)
{
	double *row;

	if (rows->count == rows->capacity) {
		size_t capacity = rows->capacity ? rows->capacity * 2 : 64;
		double *values = realloc(rows->values, capacity * LINK_COLUMNS * sizeof(*values));

		if (!values)
			return NULL;
		rows->values = values;
		rows->capacity = capacity;
	}
	row = &rows->values[rows->count++ * LINK_COLUMNS];
	memset(row, 0, LINK_COLUMNS * sizeof(*row));
	return row;
}

static void fill_row(double *row, const struct rtnl_link_stats64 *counters)
{
	row[LINK_RX_PACKETS] = (double)counters->rx_packets;
	row[LINK_TX_PACKETS] = (double)counters->tx_packets;
	row[LINK_RX_BYTES] = (double)counters->rx_bytes;
	row[LINK_TX_BYTES] = (double)counters->tx_bytes;
	row[LINK_RX_DROPPED] = (double)counters->rx_dropped;
	row[LINK_TX_DROPPED] = (double)counters->tx_dropped;
	row[LINK_RX_ERRORS] = (double)counters->rx_errors;
	row[LINK_TX_ERRORS] = (double)counters->tx_errors;
}

static int parse_link(struct link_rows *rows, const struct nlmsghdr *message)
{
	const struct if_stats_msg *header = NLMSG_DATA(message);
	int length = (int)message->nlmsg_len - (int)NLMSG_LENGTH(NLMSG_ALIGN(sizeof(*header)));
	const struct rtattr *attr = (const void *)((const char *)header + NLMSG_ALIGN(sizeof(*header)));
	struct rtnl_link_stats64 counters;
	double *row;

	if (length < 0)
		return 0;
	row = append_row(rows);
	if (!row)
		return -1;
	row[LINK_IFINDEX] = header->ifindex;
	for (; RTA_OK(attr, length); attr = RTA_NEXT(attr, length)) {
		if (attr->rta_type != IFLA_STATS_LINK_64 || RTA_PAYLOAD(attr) < sizeof(counters))
			continue;
		memcpy(&counters, RTA_DATA(attr), sizeof(counters));
		fill_row(row, &counters);
	}
	return 0;
}

/* One datagram of the dump: 1 when the dump is complete, 0 for more, -1 on error (failure set). */
static int parse_datagram(const char *buffer, ssize_t length, uint32_t sequence, const char *where,
			  struct link_rows *rows, struct failure *failure)
{
	for (const struct nlmsghdr *message = (const void *)buffer; NLMSG_OK(message, length);
	     message = NLMSG_NEXT(message, length)) {
		if (message->nlmsg_seq != sequence)
			continue; /* what is left of an earlier, failed dump */
		if (message->nlmsg_type == NLMSG_DONE)
			return 1;
		if (message->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *error = NLMSG_DATA(message);

			failure_set(failure, -error->error, "%s: RTM_GETSTATS dump", where);
			return -1;
		}
		if (message->nlmsg_type == RTM_NEWSTATS && parse_link(rows, message) < 0) {
			failure_set(failure, ENOMEM, "%s: collecting link counters", where);
			return -1;
		}
	}
	return 0;
}

static int receive_dump(int socket, char *buffer, uint32_t sequence, const char *where, struct link_rows *rows,
			struct failure *failure)
{
	int done = 0;

	while (!done) {
		ssize_t length = recv(socket, buffer, DUMP_BUFFER_SIZE, 0);

		if (length < 0 && errno == EINTR)
			continue;
		if (length <= 0) {
			failure_set(failure, length < 0 ? errno : EPROTO, "%s: reading the RTM_GETSTATS dump", where);
			return -1;
		}
		done = parse_datagram(buffer, length, sequence, where, rows, failure);
	}
	return done < 0 ? -1 : 0;
}

int rtnl_stats_dump(int socket, uint32_t sequence, const char *where, struct link_rows *rows,
		    struct failure *failure)
{
	struct {
		struct nlmsghdr header;
		struct if_stats_msg filter;
	} request = {
		.header = { .nlmsg_len = sizeof(request), .nlmsg_type = RTM_GETSTATS,
			    .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = sequence },
		.filter = { .family = AF_UNSPEC, .filter_mask = IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64) },
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	char *buffer;
	int result;

	buffer = malloc(DUMP_BUFFER_SIZE);
	if (!buffer) {
		failure_set(failure, ENOMEM, "%s: link counters", where);
		return -1;
	}
	if (sendto(socket, &request, sizeof(request), 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		failure_set(failure, errno, "%s: sending RTM_GETSTATS", where);
		result = -1;
	} else {
		result = receive_dump(socket, buffer, sequence, where, rows, failure);
	}
	free(buffer);
	return result;
}

napi_value rtnl_rows_array(napi_env env, const struct link_rows *rows)
{
	size_t values = rows->count * LINK_COLUMNS;
	double *data;
	napi_value array = create_float64_array(env, values, &data);

	if (array && values)
		memcpy(data, rows->values, values * sizeof(double));
	return array;
}

napi_value rtnl_link_layout(napi_env env)
{
	return row_layout(env, link_column_names, LINK_COLUMNS);
}
