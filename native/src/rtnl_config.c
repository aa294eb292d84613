/*
 * configureHosts: see rtnl_config.h. Hosts are read and checked on the JS
 * thread; on the pool, one throwaway thread enters each namespace in turn
 * (it never goes back, so no shared thread changes namespace), makes a route
 * socket there and sends the host's requests in rounds of ROUND_STEPS, each
 * with NLM_F_ACK, so every ack names its step by sequence number.
 */
#include "rtnl_config.h"

#include "netns.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Requests per send: their acks (a few hundred bytes of receive buffer each) fit the socket's default buffer. */
#define ROUND_STEPS 64
#define MESSAGE_MAX 128
#define RECEIVE_BUFFER (64 * 1024)

/* An IPv4 or IPv6 address: `family` AF_INET (4 bytes used) or AF_INET6 (16). */
struct ip_address {
	int family;
	unsigned char bytes[16];
};

struct ip_prefix {
	struct ip_address address;
	uint8_t length;
};

struct host_interface {
	char *name;
	char **address_texts; /* as given, for messages */
	struct ip_prefix *addresses;
	uint32_t address_count;
};

struct host_route {
	char *to_text;
	char *via_text;
	struct ip_prefix to; /* of the family of `via` ("default": length 0) */
	struct ip_address via;
};

struct host_config {
	char *netns;
	bool fresh;   /* first configuration: lo up; else the static routes are flushed first */
	bool forward; /* net.ipv4.ip_forward=1 and net.ipv6.conf.all.forwarding=1 */
	struct host_interface *interfaces;
	uint32_t interface_count;
	struct host_route *routes;
	uint32_t route_count;
};

/* One request of a round and what it was, to name it when it fails. */
enum step_kind { STEP_LO_UP, STEP_ADDRGENMODE, STEP_ADDRESS, STEP_LINK_UP, STEP_ROUTE, STEP_FLUSH };

struct step {
	enum step_kind kind;
	uint32_t index;	  /* the interface or route */
	uint32_t address; /* STEP_ADDRESS: which of the interface's addresses */
};

struct round {
	char buffer[ROUND_STEPS * MESSAGE_MAX];
	size_t length;
	struct step steps[ROUND_STEPS];
	uint32_t count;
};

/* What one namespace's thread works with. */
struct session {
	const struct host_config *host;
	int socket;
	int *ifindexes; /* per interface */
	struct round round;
	char *receive;
	struct ip_prefix *flushed; /* destinations of the static routes removed by the flush */
	uint32_t flushed_count;
	int proc;	     /* a procfs of this session's own (netns_private_proc) */
	uint32_t proc_hosts; /* hosts it has looked up /proc/sys/net for */
};

static void describe_step(const struct session *session, const struct step *step, char *out, size_t size)
{
	const struct host_config *host = session->host;

	switch (step->kind) {
	case STEP_LO_UP:
		snprintf(out, size, "link set lo up");
		break;
	case STEP_ADDRGENMODE:
		snprintf(out, size, "link set %s addrgenmode none", host->interfaces[step->index].name);
		break;
	case STEP_ADDRESS:
		snprintf(out, size, "addr add %s dev %s%s", host->interfaces[step->index].address_texts[step->address],
			 host->interfaces[step->index].name,
			 host->interfaces[step->index].addresses[step->address].address.family == AF_INET6 ? " nodad" : "");
		break;
	case STEP_LINK_UP:
		snprintf(out, size, "link set %s up", host->interfaces[step->index].name);
		break;
	case STEP_ROUTE:
		snprintf(out, size, "route replace %s via %s proto static", host->routes[step->index].to_text,
			 host->routes[step->index].via_text);
		break;
	case STEP_FLUSH:
		snprintf(out, size, "route flush proto static");
		break;
	}
}

/* Starts a request of the round: the header and `body` bytes of fixed part, zeroed. */
static struct nlmsghdr *begin_message(struct round *round, uint16_t type, uint16_t flags, size_t body,
				      struct step step)
{
	struct nlmsghdr *message = (void *)(round->buffer + round->length);

	memset(message, 0, NLMSG_SPACE(body));
	message->nlmsg_len = NLMSG_LENGTH(body);
	message->nlmsg_type = type;
	message->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	message->nlmsg_seq = round->count + 1;
	round->steps[round->count++] = step;
	return message;
}

static void end_message(struct round *round, struct nlmsghdr *message)
{
	round->length += NLMSG_ALIGN(message->nlmsg_len);
}

static struct rtattr *add_attr(struct nlmsghdr *message, uint16_t type, const void *data, size_t length)
{
	struct rtattr *attr = (void *)((char *)message + NLMSG_ALIGN(message->nlmsg_len));

	attr->rta_type = type;
	attr->rta_len = RTA_LENGTH(length);
	if (length)
		memcpy(RTA_DATA(attr), data, length);
	message->nlmsg_len = NLMSG_ALIGN(message->nlmsg_len) + RTA_ALIGN(attr->rta_len);
	return attr;
}

/* A nest ends where the message now ends. */
static void end_nest(struct nlmsghdr *message, struct rtattr *nest)
{
	nest->rta_len = (unsigned short)((char *)message + message->nlmsg_len - (char *)nest);
}

static void link_up(struct round *round, int ifindex, struct step step)
{
	struct nlmsghdr *message = begin_message(round, RTM_NEWLINK, 0, sizeof(struct ifinfomsg), step);
	struct ifinfomsg *link = NLMSG_DATA(message);

	link->ifi_index = ifindex;
	link->ifi_flags = IFF_UP;
	link->ifi_change = IFF_UP;
	end_message(round, message);
}

/* No IPv6 link-local address: a host says nothing of its own on the wire until a program does. */
static void addrgenmode_none(struct round *round, int ifindex, struct step step)
{
	struct nlmsghdr *message = begin_message(round, RTM_NEWLINK, 0, sizeof(struct ifinfomsg), step);
	struct ifinfomsg *link = NLMSG_DATA(message);
	uint8_t mode = IN6_ADDR_GEN_MODE_NONE;
	struct rtattr *spec, *inet6;

	link->ifi_index = ifindex;
	spec = add_attr(message, IFLA_AF_SPEC, NULL, 0);
	inet6 = add_attr(message, AF_INET6, NULL, 0);
	add_attr(message, IFLA_INET6_ADDR_GEN_MODE, &mode, sizeof(mode));
	end_nest(message, inet6);
	end_nest(message, spec);
	end_message(round, message);
}

static size_t address_size(int family)
{
	return family == AF_INET6 ? sizeof(struct in6_addr) : sizeof(struct in_addr);
}

/*
 * As `ip addr add A/L dev D`: local and peer address the same, no broadcast; an IPv6 address `nodad`
 * (usable at once: every address of the network is planned, none can be a duplicate).
 */
static void address_add(struct round *round, int ifindex, const struct ip_prefix *prefix, struct step step)
{
	struct nlmsghdr *message =
		begin_message(round, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, sizeof(struct ifaddrmsg), step);
	struct ifaddrmsg *address = NLMSG_DATA(message);
	size_t size = address_size(prefix->address.family);

	address->ifa_family = (uint8_t)prefix->address.family;
	address->ifa_prefixlen = prefix->length;
	address->ifa_flags = prefix->address.family == AF_INET6 ? IFA_F_NODAD : 0;
	address->ifa_index = (uint32_t)ifindex;
	add_attr(message, IFA_LOCAL, prefix->address.bytes, size);
	add_attr(message, IFA_ADDRESS, prefix->address.bytes, size);
	end_message(round, message);
}

/* A static route of the main table: `route replace` (with `via`), or its removal (`via` NULL). */
static void route_message(struct round *round, const struct ip_prefix *to, const struct ip_address *via,
			  struct step step)
{
	uint16_t type = via ? RTM_NEWROUTE : RTM_DELROUTE;
	struct nlmsghdr *message =
		begin_message(round, type, via ? NLM_F_CREATE | NLM_F_REPLACE : 0, sizeof(struct rtmsg), step);
	struct rtmsg *route = NLMSG_DATA(message);

	route->rtm_family = (uint8_t)to->address.family;
	route->rtm_dst_len = to->length;
	route->rtm_table = RT_TABLE_MAIN;
	route->rtm_protocol = RTPROT_STATIC;
	route->rtm_scope = via ? RT_SCOPE_UNIVERSE : RT_SCOPE_NOWHERE;
	route->rtm_type = via ? RTN_UNICAST : RTN_UNSPEC;
	if (to->length)
		add_attr(message, RTA_DST, to->address.bytes, address_size(to->address.family));
	if (via)
		add_attr(message, RTA_GATEWAY, via->bytes, address_size(via->family));
	end_message(round, message);
}

/* The kernel's own words for a refusal (extended ack), if it gave some. */
static const char *ack_text(const struct nlmsghdr *message)
{
	size_t offset = NLMSG_ALIGN(sizeof(struct nlmsgerr));
	int length = (int)message->nlmsg_len - (int)NLMSG_LENGTH(offset);
	const struct rtattr *attr = (const void *)((const char *)NLMSG_DATA(message) + offset);

	if (!(message->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	for (; RTA_OK(attr, length); attr = RTA_NEXT(attr, length))
		if (attr->rta_type == NLMSGERR_ATTR_MSG && RTA_PAYLOAD(attr) > 0 &&
		    ((const char *)RTA_DATA(attr))[RTA_PAYLOAD(attr) - 1] == '\0')
			return RTA_DATA(attr);
	return NULL;
}

static void fail_step(struct session *session, const struct nlmsghdr *message, struct failure *failure)
{
	const struct nlmsgerr *error = NLMSG_DATA(message);
	const struct step *step = &session->round.steps[message->nlmsg_seq - 1];
	const char *kernel = ack_text(message);
	char what[160];

	describe_step(session, step, what, sizeof(what));
	failure_set(failure, -error->error, "namespace \"%s\": %s%s%s", session->host->netns, what,
		    kernel ? ": " : "", kernel ? kernel : "");
}

/* Sends the round and reads an ack for each request; the first refusal fails it. */
static int send_round(struct session *session, struct failure *failure)
{
	struct round *round = &session->round;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	uint32_t acked = 0;

	if (round->count == 0)
		return 0;
	if (sendto(session->socket, round->buffer, round->length, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		failure_set(failure, errno, "namespace \"%s\": sending %u rtnetlink requests", session->host->netns,
			    round->count);
		return -1;
	}
	while (acked < round->count) {
		ssize_t length = recv(session->socket, session->receive, RECEIVE_BUFFER, 0);

		if (length < 0 && errno == EINTR)
			continue;
		if (length <= 0) {
			failure_set(failure, length < 0 ? errno : EPROTO, "namespace \"%s\": reading rtnetlink acks",
				    session->host->netns);
			return -1;
		}
		for (const struct nlmsghdr *message = (const void *)session->receive; NLMSG_OK(message, length);
		     message = NLMSG_NEXT(message, length)) {
			if (message->nlmsg_type != NLMSG_ERROR || message->nlmsg_seq == 0 ||
			    message->nlmsg_seq > round->count)
				continue;
			acked++;
			if (((const struct nlmsgerr *)NLMSG_DATA(message))->error && !failure->err)
				fail_step(session, message, failure);
		}
	}
	round->length = 0;
	round->count = 0;
	return failure->err ? -1 : 0;
}

/* Room for one more request, sending the round first when it is full. */
static int make_room(struct session *session, struct failure *failure)
{
	return session->round.count == ROUND_STEPS ? send_round(session, failure) : 0;
}

static int keep_flushed(struct session *session, const struct rtmsg *route, int length)
{
	struct ip_prefix destination = { .address.family = route->rtm_family, .length = route->rtm_dst_len };
	size_t size = address_size(route->rtm_family);
	uint32_t table = route->rtm_table;
	struct ip_prefix *grown;

	if (route->rtm_family != AF_INET && route->rtm_family != AF_INET6)
		return 0;
	for (const struct rtattr *attr = RTM_RTA(route); RTA_OK(attr, length); attr = RTA_NEXT(attr, length)) {
		if (attr->rta_type == RTA_DST && RTA_PAYLOAD(attr) == size)
			memcpy(destination.address.bytes, RTA_DATA(attr), size);
		if (attr->rta_type == RTA_TABLE && RTA_PAYLOAD(attr) == sizeof(table))
			memcpy(&table, RTA_DATA(attr), sizeof(table));
	}
	if (table != RT_TABLE_MAIN || route->rtm_protocol != RTPROT_STATIC)
		return 0;
	grown = realloc(session->flushed, (session->flushed_count + 1) * sizeof(*grown));
	if (!grown)
		return -1;
	session->flushed = grown;
	session->flushed[session->flushed_count++] = destination;
	return 0;
}

/* The static routes of the main table, both families, listed by a dump (read whole before anything else is sent). */
static int list_static_routes(struct session *session, struct failure *failure)
{
	struct {
		struct nlmsghdr header;
		struct rtmsg route;
	} request = {
		.header = { .nlmsg_len = sizeof(request), .nlmsg_type = RTM_GETROUTE,
			    .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = ROUND_STEPS + 1 },
		.route = { .rtm_family = AF_UNSPEC },
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	const char *netns = session->host->netns;

	if (sendto(session->socket, &request, sizeof(request), 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		failure_set(failure, errno, "namespace \"%s\": route flush proto static: listing routes", netns);
		return -1;
	}
	for (;;) {
		ssize_t length = recv(session->socket, session->receive, RECEIVE_BUFFER, 0);

		if (length < 0 && errno == EINTR)
			continue;
		if (length <= 0) {
			failure_set(failure, length < 0 ? errno : EPROTO,
				    "namespace \"%s\": route flush proto static: reading routes", netns);
			return -1;
		}
		for (const struct nlmsghdr *message = (const void *)session->receive; NLMSG_OK(message, length);
		     message = NLMSG_NEXT(message, length)) {
			if (message->nlmsg_type == NLMSG_DONE)
				return 0;
			if (message->nlmsg_type == NLMSG_ERROR) {
				failure_set(failure, -((const struct nlmsgerr *)NLMSG_DATA(message))->error,
					    "namespace \"%s\": route flush proto static: listing routes", netns);
				return -1;
			}
			if (message->nlmsg_type == RTM_NEWROUTE &&
			    keep_flushed(session, NLMSG_DATA(message), (int)RTM_PAYLOAD(message)) < 0) {
				failure_set(failure, ENOMEM, "namespace \"%s\": route flush proto static", netns);
				return -1;
			}
		}
	}
}

static int flush_static_routes(struct session *session, struct failure *failure)
{
	if (list_static_routes(session, failure) < 0)
		return -1;
	for (uint32_t i = 0; i < session->flushed_count; i++) {
		if (make_room(session, failure) < 0)
			return -1;
		route_message(&session->round, &session->flushed[i], NULL, (struct step){ STEP_FLUSH, i, 0 });
	}
	return send_round(session, failure);
}

static int resolve_interfaces(struct session *session, struct failure *failure)
{
	const struct host_config *host = session->host;

	for (uint32_t i = 0; i < host->interface_count; i++) {
		session->ifindexes[i] = (int)if_nametoindex(host->interfaces[i].name);
		if (session->ifindexes[i] == 0) {
			failure_set(failure, errno, "namespace \"%s\": interface %s", host->netns,
				    host->interfaces[i].name);
			return -1;
		}
	}
	return 0;
}

/*
 * lo up, each interface's addrgenmode, up, then its addresses; then the routes. An interface is up
 * before its addresses: an IPv6 address given to a down veth whose creation's events the kernel had
 * not yet processed was sometimes gone, or its routes were, when the routes came (1 in 5,000 hosts).
 */
static int send_steps(struct session *session, struct failure *failure)
{
	const struct host_config *host = session->host;
	struct round *round = &session->round;

	if (host->fresh)
		link_up(round, (int)if_nametoindex("lo"), (struct step){ STEP_LO_UP, 0, 0 });
	for (uint32_t i = 0; i < host->interface_count; i++) {
		const struct host_interface *interface = &host->interfaces[i];

		if (make_room(session, failure) < 0)
			return -1;
		addrgenmode_none(round, session->ifindexes[i], (struct step){ STEP_ADDRGENMODE, i, 0 });
		if (make_room(session, failure) < 0)
			return -1;
		link_up(round, session->ifindexes[i], (struct step){ STEP_LINK_UP, i, 0 });
		for (uint32_t a = 0; a < interface->address_count; a++) {
			if (make_room(session, failure) < 0)
				return -1;
			address_add(round, session->ifindexes[i], &interface->addresses[a],
				    (struct step){ STEP_ADDRESS, i, a });
		}
	}
	for (uint32_t i = 0; i < host->route_count; i++) {
		if (make_room(session, failure) < 0)
			return -1;
		route_message(round, &host->routes[i].to, &host->routes[i].via, (struct step){ STEP_ROUTE, i, 0 });
	}
	return send_round(session, failure);
}

/* proc/sys/net is the reading thread's namespace: this thread is inside the host's. */
static int write_proc(const struct session *session, const char *path, const char *value, struct failure *failure)
{
	int fd = openat(session->proc, path, O_WRONLY | O_CLOEXEC);
	ssize_t written = fd < 0 ? -1 : write(fd, value, strlen(value));

	if (written < 0)
		failure_set(failure, errno, "namespace \"%s\": writing %s to /proc/%s", session->host->netns, value, path);
	if (fd >= 0)
		close(fd);
	return written < 0 ? -1 : 0;
}

static int enable_forwarding(const struct session *session, struct failure *failure)
{
	if (write_proc(session, "sys/net/ipv4/ip_forward", "1", failure) < 0)
		return -1;
	return write_proc(session, "sys/net/ipv6/conf/all/forwarding", "1", failure);
}

/*
 * No router solicitations: vnet plans every address and route, and a host that solicited routers
 * would say so on the wire every few seconds for ever (its IPv6 link-local address is vnet's too).
 */
static int refuse_router_advertisements(const struct session *session, struct failure *failure)
{
	const struct host_config *host = session->host;
	char path[64 + IFNAMSIZ];

	for (uint32_t i = 0; i < host->interface_count; i++) {
		snprintf(path, sizeof(path), "sys/net/ipv6/conf/%s/accept_ra", host->interfaces[i].name);
		if (write_proc(session, path, "0", failure) < 0)
			return -1;
	}
	return 0;
}

/* A fresh procfs every NETNS_PROC_LOOKUPS hosts, so that lookups stay short. */
static int renew_proc(struct session *session, struct failure *failure)
{
	if (session->proc_hosts++ % NETNS_PROC_LOOKUPS)
		return 0;
	if (session->proc >= 0)
		close(session->proc);
	session->proc = netns_private_proc(failure);
	return session->proc;
}

static int configure_inside(struct session *session, struct failure *failure)
{
	const struct host_config *host = session->host;
	int one = 1;

	session->socket = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (session->socket < 0) {
		failure_set(failure, errno, "namespace \"%s\": opening a netlink socket", host->netns);
		return -1;
	}
	/* Refusals carry the kernel's reason, and not our request back. */
	setsockopt(session->socket, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(session->socket, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (renew_proc(session, failure) < 0 || resolve_interfaces(session, failure) < 0 ||
	    refuse_router_advertisements(session, failure) < 0 ||
	    (!host->fresh && flush_static_routes(session, failure) < 0) || send_steps(session, failure) < 0 ||
	    (host->forward && enable_forwarding(session, failure) < 0))
		return -1;
	return 0;
}

static int configure_host(struct session *session, struct failure *failure)
{
	const struct host_config *host = session->host;
	int nsfd = netns_open(host->netns, failure);
	int result = -1;

	if (nsfd < 0)
		return -1;
	session->ifindexes = calloc(host->interface_count + 1, sizeof(*session->ifindexes));
	session->flushed_count = 0;
	session->socket = -1;
	if (!session->ifindexes)
		failure_set(failure, ENOMEM, "namespace \"%s\": configuring", host->netns);
	else if (setns(nsfd, CLONE_NEWNET) < 0)
		failure_set(failure, errno, "namespace \"%s\": setns", host->netns);
	else
		result = configure_inside(session, failure);
	if (session->socket >= 0)
		close(session->socket);
	free(session->ifindexes);
	close(nsfd);
	return result;
}

struct hosts_job {
	struct job job; /* first: the job helpers cast back */
	struct host_config *hosts;
	uint32_t count;
};

static void *configure_thread(void *data)
{
	struct hosts_job *hosts_job = data;
	struct failure *failure = &hosts_job->job.failure;
	struct session *session = calloc(1, sizeof(*session));

	if (session) {
		session->receive = malloc(RECEIVE_BUFFER);
		session->proc = -1;
	}
	if (!session || !session->receive) {
		failure_set(failure, ENOMEM, "configuring hosts");
	} else {
		for (uint32_t i = 0; i < hosts_job->count; i++) {
			session->host = &hosts_job->hosts[i];
			if (configure_host(session, failure) < 0)
				break;
		}
	}
	if (session) {
		if (session->proc >= 0)
			close(session->proc);
		free(session->receive);
		free(session->flushed);
	}
	free(session);
	return NULL;
}

static void configure_run(struct job *job)
{
	pthread_t thread;
	int err = pthread_create(&thread, NULL, configure_thread, job);

	if (err) {
		failure_set(&job->failure, err, "configuring hosts: starting a thread");
		return;
	}
	pthread_join(thread, NULL);
}

static void free_host(struct host_config *host)
{
	for (uint32_t i = 0; host->interfaces && i < host->interface_count; i++) {
		for (uint32_t a = 0; host->interfaces[i].address_texts && a < host->interfaces[i].address_count; a++)
			free(host->interfaces[i].address_texts[a]);
		free(host->interfaces[i].address_texts);
		free(host->interfaces[i].addresses);
		free(host->interfaces[i].name);
	}
	for (uint32_t i = 0; host->routes && i < host->route_count; i++) {
		free(host->routes[i].to_text);
		free(host->routes[i].via_text);
	}
	free(host->interfaces);
	free(host->routes);
	free(host->netns);
}

static void hosts_job_release(struct job *job)
{
	struct hosts_job *hosts_job = (struct hosts_job *)job;

	for (uint32_t i = 0; hosts_job->hosts && i < hosts_job->count; i++)
		free_host(&hosts_job->hosts[i]);
	free(hosts_job->hosts);
	free(hosts_job);
}

/* An IPv4 or IPv6 address (its family told by a colon) into *address. */
static bool parse_address(const char *text, struct ip_address *address)
{
	address->family = strchr(text, ':') ? AF_INET6 : AF_INET;
	return inet_pton(address->family, text, address->bytes) == 1;
}

/* "A.B.C.D/L" or "X:Y::Z/L" (or "default", where `default_ok`: length 0, family left to the caller) into *prefix. */
static bool parse_prefix(const char *text, bool default_ok, struct ip_prefix *prefix)
{
	char address[INET6_ADDRSTRLEN];
	const char *slash = strchr(text, '/');
	char *end;
	long length;

	if (default_ok && strcmp(text, "default") == 0) {
		*prefix = (struct ip_prefix){ 0 };
		return true;
	}
	if (!slash || (size_t)(slash - text) >= sizeof(address))
		return false;
	memcpy(address, text, (size_t)(slash - text));
	address[slash - text] = '\0';
	errno = 0;
	length = strtol(slash + 1, &end, 10);
	if (end == slash + 1 || *end || errno || length < 0 || !parse_address(address, &prefix->address) ||
	    (size_t)length > 8 * address_size(prefix->address.family))
		return false;
	prefix->length = (uint8_t)length;
	return true;
}

/* object[key] as a malloc'ed string; `what` names the object in messages. */
static napi_value read_string_field(napi_env env, napi_value object, const char *key, const char *what, char **out)
{
	napi_value value;
	char name[160];

	*out = NULL;
	snprintf(name, sizeof(name), "%s.%s", what, key);
	if (!read_property(env, object, key, &value))
		return NULL;
	if (!value)
		return throw_invalid_arg(env, "%s is required", name);
	return read_string(env, value, name, out);
}

/* object[key] as an array (required); its length in *count. */
static napi_value read_array_field(napi_env env, napi_value object, const char *key, const char *what,
				   uint32_t *count)
{
	napi_value value;
	bool is_array = false;

	*count = 0;
	if (!read_property(env, object, key, &value))
		return NULL;
	if (value)
		NAPI_CALL(env, napi_is_array(env, value, &is_array));
	if (!is_array)
		return throw_invalid_arg(env, "%s.%s must be an array", what, key);
	NAPI_CALL(env, napi_get_array_length(env, value, count));
	return value;
}

static napi_value read_interface(napi_env env, napi_value object, const char *what, struct host_interface *out)
{
	napi_value addresses, element;

	if (!read_string_field(env, object, "name", what, &out->name))
		return NULL;
	if (strlen(out->name) == 0 || strlen(out->name) >= IFNAMSIZ)
		return throw_invalid_arg(env, "%s.name \"%s\" is not an interface name (1 to %d characters)", what,
					 out->name, IFNAMSIZ - 1);
	addresses = read_array_field(env, object, "addresses", what, &out->address_count);
	if (!addresses)
		return NULL;
	out->address_texts = calloc(out->address_count + 1, sizeof(*out->address_texts));
	out->addresses = calloc(out->address_count + 1, sizeof(*out->addresses));
	if (!out->address_texts || !out->addresses)
		return throw_no_memory(env, "%s", what);
	for (uint32_t a = 0; a < out->address_count; a++) {
		char item[160];

		snprintf(item, sizeof(item), "%s.addresses[%u]", what, a);
		NAPI_CALL(env, napi_get_element(env, addresses, a, &element));
		if (!read_string(env, element, item, &out->address_texts[a]))
			return NULL;
		if (!parse_prefix(out->address_texts[a], false, &out->addresses[a]))
			return throw_invalid_arg(env, "%s \"%s\" is not an IPv4 or IPv6 address with a prefix length",
						 item, out->address_texts[a]);
	}
	return object;
}

static napi_value read_route(napi_env env, napi_value object, const char *what, struct host_route *out)
{
	if (!read_string_field(env, object, "to", what, &out->to_text) ||
	    !read_string_field(env, object, "via", what, &out->via_text))
		return NULL;
	if (!parse_address(out->via_text, &out->via))
		return throw_invalid_arg(env, "%s.via \"%s\" is not an IPv4 or IPv6 address", what, out->via_text);
	if (!parse_prefix(out->to_text, true, &out->to))
		return throw_invalid_arg(env, "%s.to \"%s\" is not \"default\" or a prefix", what, out->to_text);
	if (out->to.length == 0)
		out->to.address.family = out->via.family;
	if (out->to.address.family != out->via.family)
		return throw_invalid_arg(env, "%s: to \"%s\" and via \"%s\" are not of one family", what,
					 out->to_text, out->via_text);
	return object;
}

static napi_value read_host(napi_env env, napi_value object, uint32_t index, struct host_config *host)
{
	napi_value interfaces, routes, element;
	char what[64], item[96];

	snprintf(what, sizeof(what), "configureHosts: hosts[%u]", index);
	if (!read_string_field(env, object, "netns", what, &host->netns) ||
	    !netns_check_name(env, host->netns, what) || !read_optional_bool(env, object, "fresh", &host->fresh) ||
	    !read_optional_bool(env, object, "forward", &host->forward))
		return NULL;
	interfaces = read_array_field(env, object, "interfaces", what, &host->interface_count);
	routes = interfaces ? read_array_field(env, object, "routes", what, &host->route_count) : NULL;
	if (!routes)
		return NULL;
	host->interfaces = calloc(host->interface_count + 1, sizeof(*host->interfaces));
	host->routes = calloc(host->route_count + 1, sizeof(*host->routes));
	if (!host->interfaces || !host->routes)
		return throw_no_memory(env, "%s", what);
	for (uint32_t i = 0; i < host->interface_count; i++) {
		snprintf(item, sizeof(item), "%s.interfaces[%u]", what, i);
		NAPI_CALL(env, napi_get_element(env, interfaces, i, &element));
		if (!read_interface(env, element, item, &host->interfaces[i]))
			return NULL;
	}
	for (uint32_t i = 0; i < host->route_count; i++) {
		snprintf(item, sizeof(item), "%s.routes[%u]", what, i);
		NAPI_CALL(env, napi_get_element(env, routes, i, &element));
		if (!read_route(env, element, item, &host->routes[i]))
			return NULL;
	}
	return object;
}

napi_value rtnl_configure_hosts(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1], element;
	struct hosts_job *hosts_job;
	bool is_array = false;
	uint32_t count;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc >= 1)
		NAPI_CALL(env, napi_is_array(env, argv[0], &is_array));
	if (!is_array)
		return throw_invalid_arg(env, "configureHosts: expected an array of hosts");
	NAPI_CALL(env, napi_get_array_length(env, argv[0], &count));
	hosts_job = calloc(1, sizeof(*hosts_job));
	if (!hosts_job)
		return throw_no_memory(env, "configureHosts");
	hosts_job->job.run = configure_run;
	hosts_job->job.release = hosts_job_release;
	hosts_job->count = count;
	hosts_job->hosts = calloc(hosts_job->count + 1, sizeof(*hosts_job->hosts));
	if (!hosts_job->hosts) {
		hosts_job_release(&hosts_job->job);
		return throw_no_memory(env, "configureHosts");
	}
	for (uint32_t i = 0; i < hosts_job->count; i++) {
		if (napi_get_element(env, argv[0], i, &element) != napi_ok ||
		    !read_host(env, element, i, &hosts_job->hosts[i])) {
			hosts_job_release(&hosts_job->job);
			return NULL;
		}
	}
	return job_start(env, &hosts_job->job, "vnet.configureHosts");
}
