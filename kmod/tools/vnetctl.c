// SPDX-License-Identifier: GPL-2.0
/*
 * vnetctl: drive /dev/vnet from a script. Objects live as long as the file
 * descriptor, so vnetctl keeps /dev/vnet open while it reads commands, one a
 * line, from stdin or from a script (-f FILE), until the input ends (or a
 * "wait" command gets a signal).
 *
 *   version
 *   segment add p2p|hub|switch [ageing=MS]        prints the new id
 *   segment del ID
 *   port add NETNS IFNAME SEGMENT [MAC|-] [MTU]   prints the new id
 *   port del ID
 *   port set ID egress|ingress|both|dirs=MASK [delay=50ms] [jitter=5ms]
 *            [loss=20%] [dup=1%] [rate=10mbit] [limit=100] [reserved=N]
 *                                                 (unset keys become 0;
 *                                                 dirs= and reserved= are
 *                                                 raw, to test refusals)
 *   port state ID [carrier=on|off] [seed=N]       (unset keys are left as they are)
 *   link add SEGMENT SEGMENT                      prints the new id
 *   link del ID
 *   link set ID ab|ba|both [KEY=VALUE...]         as port set; ab = from the
 *                                                 first segment to the second
 *   link state ID [carrier=on|off] [seed=N]
 *   stats [--json] [ID...]                        all ports when no ID
 *   partition [ADDR[+N]=GROUP...] [raw=FAMILY:HEX=GROUP...] [cut=G>G...]
 *             [wide] [groups=N] [reserved=N] [size=N]
 *                  replaces the partition table: ADDR, IPv4 or IPv6 (and
 *                  the N - 1 addresses after it) in GROUP, IP from the
 *                  first group of a cut to the second dropped; groups
 *                  defaults to the highest group named + 1; no argument
 *                  heals. IPv4 only: struct vnet_partition_addr records;
 *                  an IPv6 address, a raw record (family and addr bytes
 *                  as given, to test refusals) or "wide": struct
 *                  vnet_partition_addr6. size= overrides addr_size.
 *   capture open PORT,PORT... [points=before,after,dropped] [dirs=egress,ingress]
 *                  [snaplen=N] [ring=BYTES] [filter=C:JT:JF:K,...] [reserved=N]
 *                  starts a capture (default: every point and direction,
 *                  snaplen 262144, ring 1 MiB, no filter), prints its fd
 *   capture read FD   prints the records waiting, one a line, without
 *                  waiting: port, dir, point, reason, len, caplen, lost and
 *                  the frame's EtherType; "eof" once every port is gone
 *   capture close FD
 *   prog load pass|drop|drop-ping|mark=N|ifindex=N|socket
 *                  loads a tc program from built-in instructions (all
 *                  pass; all shot; IPv4 ICMP echo requests shot; skb->mark
 *                  set to N; frames naming device N (__sk_buff.ifindex)
 *                  pass, others shot; "socket": a socket filter, of the
 *                  wrong type) and prints its fd; a refusal prints the
 *                  verifier's log
 *   prog port|link ID egress|ingress|ab|ba|both|dirs=MASK FD|-1 [reserved=N] [kind=N]
 *                  attaches program FD to those directions (-1 detaches)
 *   prog close FD  closes vnetctl's descriptor (the module keeps its own)
 *   prog count     prints how many BPF programs the kernel holds
 *   batch FILE     the add/del/set lines of FILE in one all-or-nothing call;
 *                  "@N" names the object made by line N (from 0); prints
 *                  the ids of the objects made, one a line
 *   echo TEXT      prints TEXT (lets a driver see a command is done)
 *   sleep SECONDS
 *   wait           blocks until SIGINT/SIGTERM, keeping the objects
 *   reopen         closes /dev/vnet (destroying every object) and opens it again
 *
 * NETNS is a path (/proc/PID/ns/net), a name under /run/netns, or "-" for
 * vnetctl's own namespace. A line "!ERRNO command" expects the command to
 * fail with that errno (e.g. "!ELOOP link add 1 2") and fails otherwise.
 * Exit status: 0, or 1 at the first failing line.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/vnet.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define MAX_WORDS	32
#define MAX_STATS	65536

static int vnet_fd = -1;
static uint32_t abi = VNET_ABI_VERSION;
static const char *cur_where = "";

struct unit {
	const char *suffix;
	double scale;
};

static const struct unit time_units[] = {
	{ "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 }, { "", 1e6 }, { NULL, 0 }
};

static const struct unit rate_units[] = {
	{ "bit", 1 }, { "kbit", 1e3 }, { "mbit", 1e6 }, { "gbit", 1e9 },
	{ "bps", 8 }, { "kbps", 8e3 }, { "mbps", 8e6 }, { "gbps", 8e9 },
	{ "", 1 }, { NULL, 0 }
};

static const struct unit percent_units[] = {
	{ "%", 1e4 }, { "ppm", 1 }, { NULL, 0 }
};

static const struct unit count_units[] = { { "", 1 }, { NULL, 0 } };

static const struct {
	const char *name;
	int value;
} errno_names[] = {
	{ "EPERM", EPERM }, { "ENOENT", ENOENT }, { "EBADF", EBADF },
	{ "ENOMEM", ENOMEM }, { "EFAULT", EFAULT }, { "EBUSY", EBUSY },
	{ "EEXIST", EEXIST }, { "EINVAL", EINVAL }, { "EMFILE", EMFILE },
	{ "ENOTTY", ENOTTY }, { "ERANGE", ERANGE }, { "ENAMETOOLONG", ENAMETOOLONG },
	{ "ELOOP", ELOOP }, { "EPROTO", EPROTO }, { "EMSGSIZE", EMSGSIZE },
	{ "E2BIG", E2BIG }, { "EOPNOTSUPP", EOPNOTSUPP },
};

static const char *const drop_names[__VNET_DROP_MAX] = {
	[VNET_DROP_LOSS] = "loss",
	[VNET_DROP_QUEUE_FULL] = "queue_full",
	[VNET_DROP_NO_CARRIER] = "no_carrier",
	[VNET_DROP_NO_DEST] = "no_dest",
	[VNET_DROP_PARTITION] = "partition",
	[VNET_DROP_PROG] = "prog",
};

/* A failure in the current line: errno-style code, message already printed. */
static int fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(int err, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vnetctl: %s", cur_where);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return err;
}

static const char *errno_name(int err)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errno_names); i++)
		if (errno_names[i].value == err)
			return errno_names[i].name;
	return "E?";
}

static int errno_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errno_names); i++)
		if (!strcmp(errno_names[i].name, name))
			return errno_names[i].value;
	return 0;
}

static int vnet_call(unsigned long cmd, void *arg, const char *what)
{
	if (ioctl(vnet_fd, cmd, arg) == 0)
		return 0;
	return fail(errno, "%s: %s (%s)", what, strerror(errno), errno_name(errno));
}

/* Parses NUMBER[UNIT] into *out (rounded); returns 0 or EINVAL. */
static int parse_scaled(const char *text, const struct unit *units,
			uint64_t *out, const char *what)
{
	char *end;
	double v = strtod(text, &end);

	for (; units->suffix; units++) {
		if (end != text && !strcasecmp(end, units->suffix) && v >= 0 &&
		    v * units->scale < 1.8e19) {
			*out = (uint64_t)(v * units->scale + 0.5);
			return 0;
		}
	}
	return fail(EINVAL, "bad %s \"%s\"", what, text);
}

static int parse_id(const char *text, uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(text, &end, 0);
	if (!*text || *end || errno || v > UINT32_MAX)
		return fail(EINVAL, "bad id \"%s\"", text);
	*out = v;
	return 0;
}

/* In a batch, "@N" refers to the object made by operation N. */
static int parse_ref(const char *text, uint32_t *out, int in_batch)
{
	int err;

	if (text[0] != '@')
		return parse_id(text, out);
	if (!in_batch)
		return fail(EINVAL, "\"%s\": @N only works inside a batch", text);
	err = parse_id(text + 1, out);
	if (!err && *out >= VNET_ID_REF)
		return fail(EINVAL, "\"%s\": operation index too large", text);
	*out |= VNET_ID_REF;
	return err;
}

static int parse_kind(const char *text, uint32_t *kind)
{
	static const char *const kinds[] = {
		[VNET_SEG_P2P] = "p2p", [VNET_SEG_HUB] = "hub",
		[VNET_SEG_SWITCH] = "switch",
	};
	uint32_t k;

	for (k = VNET_SEG_P2P; k < __VNET_SEG_MAX; k++) {
		if (!strcmp(text, kinds[k])) {
			*kind = k;
			return 0;
		}
	}
	return fail(EINVAL, "bad segment kind \"%s\" (p2p, hub or switch)", text);
}

static int parse_mac(const char *text, uint8_t mac[VNET_ETH_ALEN])
{
	unsigned int b[VNET_ETH_ALEN];
	char tail;
	int i;

	if (!strcmp(text, "-")) {
		memset(mac, 0, VNET_ETH_ALEN);
		return 0;
	}
	if (sscanf(text, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &tail) != VNET_ETH_ALEN)
		return fail(EINVAL, "bad MAC address \"%s\"", text);
	for (i = 0; i < VNET_ETH_ALEN; i++) {
		if (b[i] > 0xff)
			return fail(EINVAL, "bad MAC address \"%s\"", text);
		mac[i] = b[i];
	}
	return 0;
}

/* Opens NETNS for a port; *fd is -1 for our own namespace. */
static int open_netns(const char *text, int *fd)
{
	char path[4096];

	*fd = -1;
	if (!strcmp(text, "-"))
		return 0;
	if (strchr(text, '/'))
		snprintf(path, sizeof(path), "%s", text);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", text);
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return fail(errno, "network namespace %s: %s", path, strerror(errno));
	return 0;
}

static int build_segment_add(char **w, int n, struct vnet_op *op)
{
	uint64_t ageing = 0;

	if (n < 3 || n > 4)
		return fail(EINVAL, "usage: segment add p2p|hub|switch [ageing=MS]");
	op->cmd = VNET_CMD_SEGMENT_ADD;
	if (n == 4 && (strncmp(w[3], "ageing=", 7) ||
		       parse_scaled(w[3] + 7, count_units, &ageing, "ageing")))
		return fail(EINVAL, "bad \"%s\" (ageing=MS)", w[3]);
	if (ageing > UINT32_MAX)
		return fail(ERANGE, "ageing too large");
	op->u.segment.ageing_ms = ageing;
	return parse_kind(w[2], &op->u.segment.kind);
}

static int build_port_add(char **w, int n, struct vnet_op *op, int in_batch,
			  int *netns_fd)
{
	struct vnet_port *p = &op->u.port;
	uint64_t mtu = 0;
	int err;

	if (n < 5 || n > 7)
		return fail(EINVAL, "usage: port add NETNS IFNAME SEGMENT [MAC|-] [MTU]");
	op->cmd = VNET_CMD_PORT_ADD;
	if (strlen(w[3]) >= sizeof(p->ifname))
		return fail(ENAMETOOLONG, "interface name \"%s\" longer than %d", w[3],
			    VNET_IFNAMSIZ - 1);
	strcpy(p->ifname, w[3]);
	err = parse_ref(w[4], &p->segment, in_batch);
	if (!err && n >= 6)
		err = parse_mac(w[5], p->mac);
	if (!err && n >= 7)
		err = parse_scaled(w[6], count_units, &mtu, "MTU");
	if (err)
		return err;
	if (mtu > UINT32_MAX)
		return fail(ERANGE, "MTU too large");
	p->mtu = mtu;
	err = open_netns(w[2], netns_fd);
	p->netns_fd = *netns_fd;
	return err;
}

static int parse_shape(char **w, int n, struct vnet_shape *s)
{
	static const struct {
		const char *key;
		const struct unit *units;
	} keys[] = {
		{ "delay", time_units }, { "jitter", time_units },
		{ "rate", rate_units }, { "loss", percent_units },
		{ "dup", percent_units }, { "limit", count_units },
		/* raw, to test that the module refuses it */
		{ "reserved", count_units },
	};
	uint64_t v[ARRAY_SIZE(keys)] = { 0 };
	size_t k;
	int i, err;

	for (i = 0; i < n; i++) {
		char *eq = strchr(w[i], '=');

		for (k = 0; eq && k < ARRAY_SIZE(keys); k++)
			if ((size_t)(eq - w[i]) == strlen(keys[k].key) &&
			    !strncmp(w[i], keys[k].key, eq - w[i]))
				break;
		if (!eq || k == ARRAY_SIZE(keys))
			return fail(EINVAL, "bad \"%s\" (keys: %s)", w[i],
				    "delay jitter rate loss dup limit reserved");
		err = parse_scaled(eq + 1, keys[k].units, &v[k], keys[k].key);
		if (err)
			return err;
	}
	if (v[3] > UINT32_MAX || v[4] > UINT32_MAX || v[5] > UINT32_MAX ||
	    v[6] > UINT32_MAX)
		return fail(ERANGE, "loss, dup, limit or reserved out of range");
	s->delay_ns = v[0];
	s->jitter_ns = v[1];
	s->rate_bps = v[2];
	s->loss_ppm = v[3];
	s->dup_ppm = v[4];
	s->limit_pkts = v[5];
	s->reserved = v[6];
	return 0;
}

/*
 * "port set" and "link set" (the same layout: dirs bit 0 is egress or ab,
 * bit 1 ingress or ba).
 */
static int parse_dirs(const char *word, int link, uint32_t *dirs)
{
	const char *first = link ? "ab" : "egress";
	const char *second = link ? "ba" : "ingress";

	if (!strcmp(word, first))
		*dirs = VNET_DIR_EGRESS;
	else if (!strcmp(word, second))
		*dirs = VNET_DIR_INGRESS;
	else if (!strcmp(word, "both"))
		*dirs = VNET_DIR_EGRESS | VNET_DIR_INGRESS;
	else if (!strncmp(word, "dirs=", 5))	/* a raw mask, for tests */
		*dirs = strtoul(word + 5, NULL, 0);
	else
		return fail(EINVAL, "bad direction \"%s\" (%s, %s, both or dirs=MASK)",
			    word, first, second);
	return 0;
}

static int build_set(char **w, int n, struct vnet_op *op, int in_batch,
		     int link)
{
	struct vnet_port_set *s = &op->u.set;
	int err;

	if (n < 4)
		return fail(EINVAL, "usage: %s set ID %s|%s|both KEY=VALUE...",
			    w[0], link ? "ab" : "egress", link ? "ba" : "ingress");
	op->cmd = link ? VNET_CMD_LINK_SET : VNET_CMD_PORT_SET;
	err = parse_ref(w[2], &s->id, in_batch) ?:
	      parse_dirs(w[3], link, &s->dirs);
	if (err)
		return err;
	err = parse_shape(w + 4, n - 4, &s->egress);
	s->ingress = s->egress;
	return err;
}

static int parse_state_key(const char *word, struct vnet_port_state *st)
{
	char *end;

	if (!strcmp(word, "carrier=on") || !strcmp(word, "carrier=off")) {
		st->set |= VNET_STATE_CARRIER;
		st->carrier = !strcmp(word, "carrier=on");
		return 0;
	}
	if (!strncmp(word, "seed=", 5) && word[5]) {
		errno = 0;
		st->seed = strtoull(word + 5, &end, 0);
		if (!*end && !errno && word[5] != '-') {
			st->set |= VNET_STATE_SEED;
			return 0;
		}
	}
	return fail(EINVAL, "bad \"%s\" (carrier=on|off, seed=0..2^64-1)", word);
}

/* "port state" and "link state". */
static int build_state(char **w, int n, struct vnet_op *op, int in_batch,
		       int link)
{
	struct vnet_port_state *st = &op->u.state;
	int i, err;

	if (n < 4)
		return fail(EINVAL, "usage: %s state ID [carrier=on|off] [seed=N]", w[0]);
	op->cmd = link ? VNET_CMD_LINK_STATE : VNET_CMD_PORT_STATE;
	err = parse_ref(w[2], &st->id, in_batch);
	for (i = 3; !err && i < n; i++)
		err = parse_state_key(w[i], st);
	return err;
}

static int build_link_add(char **w, int n, struct vnet_op *op, int in_batch)
{
	if (n != 4)
		return fail(EINVAL, "usage: link add SEGMENT SEGMENT");
	op->cmd = VNET_CMD_LINK_ADD;
	return parse_ref(w[2], &op->u.link.segment_a, in_batch) ?:
	       parse_ref(w[3], &op->u.link.segment_b, in_batch);
}

static int build_del(char **w, int n, struct vnet_op *op, int in_batch, uint32_t cmd)
{
	if (n != 3)
		return fail(EINVAL, "usage: %s del ID", w[0]);
	op->cmd = cmd;
	return parse_ref(w[2], &op->u.del.id, in_batch);
}

/*
 * Turns one add/del/set line into an operation. *netns_fd is set to an fd
 * the caller closes once the operation ran (or -1).
 */
static int build_op(char **w, int n, struct vnet_op *op, int in_batch, int *netns_fd)
{
	memset(op, 0, sizeof(*op));
	*netns_fd = -1;
	if (n < 2)
		return fail(EINVAL, "unknown command \"%s\"", w[0]);
	if (!strcmp(w[0], "segment") && !strcmp(w[1], "add"))
		return build_segment_add(w, n, op);
	if (!strcmp(w[0], "segment") && !strcmp(w[1], "del"))
		return build_del(w, n, op, in_batch, VNET_CMD_SEGMENT_DEL);
	if (!strcmp(w[0], "port") && !strcmp(w[1], "add"))
		return build_port_add(w, n, op, in_batch, netns_fd);
	if (!strcmp(w[0], "port") && !strcmp(w[1], "del"))
		return build_del(w, n, op, in_batch, VNET_CMD_PORT_DEL);
	if ((!strcmp(w[0], "port") || !strcmp(w[0], "link")) && !strcmp(w[1], "set"))
		return build_set(w, n, op, in_batch, !strcmp(w[0], "link"));
	if ((!strcmp(w[0], "port") || !strcmp(w[0], "link")) && !strcmp(w[1], "state"))
		return build_state(w, n, op, in_batch, !strcmp(w[0], "link"));
	if (!strcmp(w[0], "link") && !strcmp(w[1], "add"))
		return build_link_add(w, n, op, in_batch);
	if (!strcmp(w[0], "link") && !strcmp(w[1], "del"))
		return build_del(w, n, op, in_batch, VNET_CMD_LINK_DEL);
	return fail(EINVAL, "unknown command \"%s %s\"", w[0], w[1]);
}

static const struct {
	uint32_t cmd;
	unsigned long ioc;
	size_t size;
} single_iocs[] = {
	{ VNET_CMD_SEGMENT_ADD, VNET_IOC_SEGMENT_ADD, sizeof(struct vnet_segment) },
	{ VNET_CMD_SEGMENT_DEL, VNET_IOC_SEGMENT_DEL, sizeof(struct vnet_id) },
	{ VNET_CMD_PORT_ADD, VNET_IOC_PORT_ADD, sizeof(struct vnet_port) },
	{ VNET_CMD_PORT_DEL, VNET_IOC_PORT_DEL, sizeof(struct vnet_id) },
	{ VNET_CMD_PORT_SET, VNET_IOC_PORT_SET, sizeof(struct vnet_port_set) },
	{ VNET_CMD_PORT_STATE, VNET_IOC_PORT_STATE, sizeof(struct vnet_port_state) },
	{ VNET_CMD_LINK_ADD, VNET_IOC_LINK_ADD, sizeof(struct vnet_link) },
	{ VNET_CMD_LINK_DEL, VNET_IOC_LINK_DEL, sizeof(struct vnet_id) },
	{ VNET_CMD_LINK_SET, VNET_IOC_LINK_SET, sizeof(struct vnet_link_set) },
	{ VNET_CMD_LINK_STATE, VNET_IOC_LINK_STATE, sizeof(struct vnet_port_state) },
};

/* The id an add operation made, or 0. */
static uint32_t op_result(const struct vnet_op *op)
{
	switch (op->cmd) {
	case VNET_CMD_SEGMENT_ADD:
		return op->u.segment.id;
	case VNET_CMD_PORT_ADD:
		return op->u.port.id;
	case VNET_CMD_LINK_ADD:
		return op->u.link.id;
	default:
		return 0;
	}
}

static int run_single(char **w, int n)
{
	struct vnet_op op;
	int netns_fd, err;
	size_t i;

	err = build_op(w, n, &op, 0, &netns_fd);
	for (i = 0; !err && i < ARRAY_SIZE(single_iocs); i++) {
		if (single_iocs[i].cmd != op.cmd)
			continue;
		err = vnet_call(single_iocs[i].ioc, &op.u, w[0]);
		if (!err && op_result(&op))
			printf("%u\n", op_result(&op));
		break;
	}
	if (netns_fd >= 0)
		close(netns_fd);
	return err;
}

static int split_words(char *line, char **w)
{
	int n = 0;
	char *tok, *save;

	for (tok = strtok_r(line, " \t\r\n", &save); tok && n < MAX_WORDS;
	     tok = strtok_r(NULL, " \t\r\n", &save))
		w[n++] = tok;
	return n;
}

static int run_batch(const char *path)
{
	struct vnet_batch b = { .op_size = sizeof(struct vnet_op) };
	struct vnet_op *ops = NULL;
	int *fds = NULL, err = 0;
	char line[4096], *w[MAX_WORDS];
	uint32_t count = 0, i;
	FILE *f = fopen(path, "r");

	if (!f)
		return fail(errno, "batch %s: %s", path, strerror(errno));
	while (!err && fgets(line, sizeof(line), f)) {
		int n = split_words(line, w);

		if (!n || w[0][0] == '#')
			continue;
		ops = realloc(ops, (count + 1) * sizeof(*ops));
		fds = realloc(fds, (count + 1) * sizeof(*fds));
		if (!ops || !fds) {
			err = fail(ENOMEM, "batch %s: out of memory", path);
			break;
		}
		err = build_op(w, n, &ops[count], 1, &fds[count]);
		count++;
	}
	fclose(f);
	if (!err && !count)
		err = fail(EINVAL, "batch %s: no operations", path);
	if (!err) {
		b.ops = (uintptr_t)ops;
		b.count = count;
		if (ioctl(vnet_fd, VNET_IOC_BATCH, &b)) {
			err = errno;
			if (b.failed_index < count)
				fail(err, "batch %s: operation %u failed: %s (%s); nothing applied",
				     path, b.failed_index, strerror(err), errno_name(err));
			else
				fail(err, "batch %s refused: %s (%s)", path, strerror(err),
				     errno_name(err));
		}
	}
	for (i = 0; !err && i < count; i++)
		if (op_result(&ops[i]))
			printf("%u\n", op_result(&ops[i]));
	for (i = 0; i < count; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(ops);
	free(fds);
	return err;
}

static void print_stats(const struct vnet_port_stats *s, int json, int first)
{
	int d;

	if (!json) {
		printf("port %u rx_packets %llu rx_bytes %llu tx_packets %llu tx_bytes %llu",
		       s->id, (unsigned long long)s->rx_packets,
		       (unsigned long long)s->rx_bytes,
		       (unsigned long long)s->tx_packets,
		       (unsigned long long)s->tx_bytes);
		for (d = 0; d < __VNET_DROP_MAX; d++)
			printf(" drop_%s %llu", drop_names[d],
			       (unsigned long long)s->drops[d]);
		putchar('\n');
		return;
	}
	printf("%s{\"id\":%u,\"rx_packets\":%llu,\"rx_bytes\":%llu,",
	       first ? "" : ",", s->id, (unsigned long long)s->rx_packets,
	       (unsigned long long)s->rx_bytes);
	printf("\"tx_packets\":%llu,\"tx_bytes\":%llu,\"drops\":{",
	       (unsigned long long)s->tx_packets, (unsigned long long)s->tx_bytes);
	for (d = 0; d < __VNET_DROP_MAX; d++)
		printf("%s\"%s\":%llu", d ? "," : "", drop_names[d],
		       (unsigned long long)s->drops[d]);
	printf("}}");
}

static int run_stats(char **w, int n)
{
	static struct vnet_port_stats out[MAX_STATS];
	static uint32_t ids[MAX_WORDS];
	struct vnet_stats req = { .stats_size = sizeof(out[0]) };
	int json = 0, i, err;
	uint32_t k;

	for (i = 1; i < n; i++) {
		if (!strcmp(w[i], "--json")) {
			json = 1;
			continue;
		}
		err = parse_id(w[i], &ids[req.count]);
		if (err)
			return err;
		req.count++;
	}
	if (req.count)
		req.ids = (uintptr_t)ids;
	else
		req.count = MAX_STATS;
	req.stats = (uintptr_t)out;
	err = vnet_call(VNET_IOC_STATS, &req, "stats");
	if (err)
		return err;
	if (json)
		putchar('[');
	for (k = 0; k < req.count; k++)
		print_stats(&out[k], json, !k);
	if (json)
		printf("]\n");
	return 0;
}

/* A partition request being read: records kept wide, narrowed if they may be. */
struct partition_words {
	struct vnet_partition p;
	struct vnet_partition_addr6 *addrs;
	uint32_t groups;	/* groups=, else UINT32_MAX */
	uint32_t size;		/* size=, else 0 */
	int wide;
};

static int partition_append(struct partition_words *pw,
			    const struct vnet_partition_addr6 *first, uint32_t n)
{
	struct vnet_partition_addr6 *grown;
	uint32_t i, low;

	grown = realloc(pw->addrs, (pw->p.count + n) * sizeof(*grown));
	if (!grown)
		return fail(ENOMEM, "partition: out of memory");
	pw->addrs = grown;
	memcpy(&low, first->addr + (first->family == AF_INET ? 0 : 12), 4);
	for (i = 0; i < n; i++) {
		struct vnet_partition_addr6 *a = &grown[pw->p.count++];
		uint32_t next = htonl(ntohl(low) + i);

		*a = *first;
		memcpy(a->addr + (first->family == AF_INET ? 0 : 12), &next, 4);
	}
	if (first->group >= pw->p.groups)
		pw->p.groups = first->group + 1;
	return 0;
}

/* "FAMILY:HEX": a record's family and addr bytes as they are; -1 if malformed. */
static int parse_raw_record(char *text, struct vnet_partition_addr6 *a)
{
	char *hex = strchr(text, ':');
	size_t i;
	unsigned int byte;

	if (!hex)
		return -1;
	*hex++ = 0;
	if (parse_id(text, &a->family) || strlen(hex) % 2 ||
	    strlen(hex) > 2 * sizeof(a->addr))
		return -1;
	for (i = 0; *hex; hex += 2, i++) {
		if (sscanf(hex, "%2x", &byte) != 1)
			return -1;
		a->addr[i] = byte;
	}
	return 0;
}

/* "ADDR[+N]=GROUP" or "raw=FAMILY:HEX=GROUP": appends N (default 1) records from ADDR on. */
static int parse_partition_addrs(const char *word, struct partition_words *pw)
{
	struct vnet_partition_addr6 first = { 0 };
	char text[80], *eq, *plus;
	uint32_t n = 1;
	int err;

	snprintf(text, sizeof(text), "%s", word);
	eq = strrchr(text, '=');
	if (!eq || parse_id(eq + 1, &first.group))
		return fail(EINVAL, "bad \"%s\" (ADDR[+N]=GROUP)", word);
	*eq = 0;
	if (!strncmp(text, "raw=", 4)) {
		pw->wide = 1;
		if (parse_raw_record(text + 4, &first))
			return fail(EINVAL, "bad \"%s\" (raw=FAMILY:HEX=GROUP)", word);
		return partition_append(pw, &first, 1);
	}
	plus = strchr(text, '+');
	if (plus)
		*plus = 0;
	first.family = strchr(text, ':') ? AF_INET6 : AF_INET;
	err = inet_pton(first.family, text, first.addr) != 1 ||
	      (plus && parse_id(plus + 1, &n)) || n > 2 * VNET_PARTITION_MAX_ADDRS;
	if (err)
		return fail(EINVAL, "bad \"%s\" (ADDR[+N]=GROUP)", word);
	pw->wide |= first.family == AF_INET6;
	return partition_append(pw, &first, n);
}

static int parse_partition_word(const char *word, struct partition_words *pw)
{
	unsigned int from, to;
	char tail;

	if (!strncmp(word, "cut=", 4)) {
		if (sscanf(word + 4, "%u>%u%c", &from, &to, &tail) != 2 ||
		    from >= VNET_PARTITION_MAX_GROUPS ||
		    to >= VNET_PARTITION_MAX_GROUPS)
			return fail(EINVAL, "bad \"%s\" (cut=FROM>TO, groups 0..%d)",
				    word, VNET_PARTITION_MAX_GROUPS - 1);
		pw->p.cut[from] |= 1ULL << to;
		return 0;
	}
	if (!strcmp(word, "wide")) {
		pw->wide = 1;
		return 0;
	}
	if (!strncmp(word, "groups=", 7))
		return parse_id(word + 7, &pw->groups);
	if (!strncmp(word, "size=", 5))
		return parse_id(word + 5, &pw->size);
	if (!strncmp(word, "reserved=", 9))
		return parse_id(word + 9, &pw->p.reserved);
	return parse_partition_addrs(word, pw);
}

/* The records as struct vnet_partition_addr, in place (they are smaller). */
static void partition_narrow(struct partition_words *pw)
{
	struct vnet_partition_addr *narrow = (void *)pw->addrs;
	uint32_t i;

	for (i = 0; i < pw->p.count; i++) {
		struct vnet_partition_addr a = { .group = pw->addrs[i].group };

		memcpy(&a.addr, pw->addrs[i].addr, sizeof(a.addr));
		narrow[i] = a;
	}
	pw->p.addr_size = sizeof(*narrow);
}

static int run_partition(char **w, int n)
{
	struct partition_words pw = { .groups = UINT32_MAX };
	int i, err = 0;

	for (i = 1; !err && i < n; i++)
		err = parse_partition_word(w[i], &pw);
	if (pw.wide)
		pw.p.addr_size = sizeof(*pw.addrs);
	else
		partition_narrow(&pw);
	if (pw.groups != UINT32_MAX)
		pw.p.groups = pw.groups;
	if (pw.size)
		pw.p.addr_size = pw.size;
	pw.p.addrs = (uintptr_t)pw.addrs;
	if (!err)
		err = vnet_call(VNET_IOC_PARTITION, &pw.p, "partition");
	free(pw.addrs);
	return err;
}

/* "a,b,c" of @names (bit i = names[i]) into a mask. */
static int parse_mask(const char *text, const char *const *names, int n,
		      uint32_t *out)
{
	char copy[128], *word, *save;
	int i;

	snprintf(copy, sizeof(copy), "%s", text);
	*out = 0;
	for (word = strtok_r(copy, ",", &save); word; word = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < n && strcmp(word, names[i]); i++)
			;
		if (i == n)
			return fail(EINVAL, "bad \"%s\" in \"%s\"", word, text);
		*out |= 1u << i;
	}
	return 0;
}

/* "C:JT:JF:K,..." into a malloc'ed program. */
static int parse_filter(const char *text, struct vnet_capture *req)
{
	static struct sock_filter code[VNET_CAPTURE_MAX_FILTER];
	unsigned int c, jt, jf, k, n = 0;
	int used;

	while (*text && n < VNET_CAPTURE_MAX_FILTER) {
		if (sscanf(text, "%u:%u:%u:%u%n", &c, &jt, &jf, &k, &used) != 4)
			return fail(EINVAL, "bad filter at \"%s\" (C:JT:JF:K,...)", text);
		code[n++] = (struct sock_filter){ c, jt, jf, k };
		text += used + (text[used] == ',');
	}
	req->filter = (uintptr_t)code;
	req->filter_len = n;
	return 0;
}

static int parse_capture_word(const char *word, struct vnet_capture *req,
			      uint32_t *ports)
{
	static const char *const points[] = { "before", "after", "dropped" };
	static const char *const dirs[] = { "egress", "ingress" };
	char copy[512], *id, *save;
	int err;

	if (!strncmp(word, "points=", 7))
		return parse_mask(word + 7, points, 3, &req->points);
	if (!strncmp(word, "dirs=", 5))
		return parse_mask(word + 5, dirs, 2, &req->dirs);
	if (!strncmp(word, "snaplen=", 8))
		return parse_id(word + 8, &req->snaplen);
	if (!strncmp(word, "ring=", 5))
		return parse_id(word + 5, &req->ring_bytes);
	if (!strncmp(word, "reserved=", 9))
		return parse_id(word + 9, &req->reserved[0]);
	if (!strncmp(word, "filter=", 7))
		return parse_filter(word + 7, req);
	snprintf(copy, sizeof(copy), "%s", word);
	for (id = strtok_r(copy, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
		if (req->count == MAX_WORDS)
			return fail(E2BIG, "more than %d ports", MAX_WORDS);
		err = parse_id(id, &ports[req->count++]);
		if (err)
			return err;
	}
	return 0;
}

static int capture_open(char **w, int n)
{
	static uint32_t ports[MAX_WORDS];
	struct vnet_capture req = {
		.points = VNET_POINT_BEFORE | VNET_POINT_AFTER | VNET_POINT_DROPPED,
		.dirs = VNET_DIR_EGRESS | VNET_DIR_INGRESS,
		.snaplen = VNET_CAPTURE_MAX_SNAPLEN, .ring_bytes = 1 << 20,
		.ports = (uintptr_t)ports,
	};
	int i, fd, err;

	for (i = 2; i < n; i++) {
		err = parse_capture_word(w[i], &req, ports);
		if (err)
			return err;
	}
	fd = ioctl(vnet_fd, VNET_IOC_CAPTURE, &req);
	if (fd < 0)
		return fail(errno, "capture: %s (%s)", strerror(errno), errno_name(errno));
	printf("%d\n", fd);
	return 0;
}

static void print_record(const struct vnet_capture_record *r)
{
	static const char *const points[] = { "before", "after", "dropped" };
	const uint8_t *frame = (const uint8_t *)(r + 1);
	const char *point = r->point == VNET_POINT_GONE ? "gone" :
			    r->point == VNET_POINT_LOST ? "lost" : "?";
	int i;

	for (i = 0; i < 3; i++)
		if (r->point == 1u << i)
			point = points[i];
	printf("port=%u dir=%s point=%s reason=%s len=%u caplen=%u lost=%u type=%04x\n",
	       r->port, r->dir == VNET_DIR_EGRESS ? "egress" :
	       r->dir == VNET_DIR_INGRESS ? "ingress" : "-", point,
	       r->point == VNET_POINT_DROPPED && r->reason < __VNET_DROP_MAX ?
	       drop_names[r->reason] : "-", r->len, r->caplen, r->lost,
	       r->caplen >= 14 ? frame[12] << 8 | frame[13] : 0);
}

/* Every record waiting on capture descriptor @fd, none waited for. */
static int capture_read(int fd)
{
	static uint64_t buf[(sizeof(struct vnet_capture_record) +
			     VNET_CAPTURE_MAX_SNAPLEN) / 8 * 4];
	const struct vnet_capture_record *r;
	ssize_t got, off;

	for (;;) {
		got = read(fd, buf, sizeof(buf));
		if (got < 0 && errno == EAGAIN)
			return 0;
		if (got < 0)
			return fail(errno, "capture read: %s (%s)", strerror(errno),
				    errno_name(errno));
		if (!got) {
			printf("eof\n");
			return 0;
		}
		for (off = 0; off < got; off += (sizeof(*r) + r->caplen + 7) & ~7ul) {
			r = (const struct vnet_capture_record *)((const char *)buf + off);
			print_record(r);
		}
	}
}

static int run_capture(char **w, int n)
{
	uint32_t fd;
	int flags;

	if (n >= 3 && !strcmp(w[1], "open"))
		return capture_open(w, n);
	if (n != 3 || parse_id(w[2], &fd))
		return fail(EINVAL, "usage: %s",
			    "capture open PORTS [KEY=VALUE...] | capture read|close FD");
	if (!strcmp(w[1], "close"))
		return close(fd) ? fail(errno, "capture close: %s", strerror(errno)) : 0;
	if (strcmp(w[1], "read"))
		return fail(EINVAL, "unknown command \"capture %s\"", w[1]);
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
		return fail(errno, "capture read: %s", strerror(errno));
	return capture_read(fd);
}

/*
 * Programs to attach (PROG), loaded from raw instructions as the kernel's
 * selftests do: no compiler needed in a test guest.
 */
#define INSN(c, d, s, o, i)	{ .code = (c), .dst_reg = (d), .src_reg = (s), \
				  .off = (o), .imm = (i) }
#define MOV_IMM(d, i)		INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV_REG(d, s)		INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD_IMM(d, i)		INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define LDX(size, d, s, o)	INSN(BPF_LDX | BPF_MEM | (size), d, s, o, 0)
#define STX_W(d, s, o)		INSN(BPF_STX | BPF_MEM | BPF_W, d, s, o, 0)
#define JGT_REG(d, s, o)	INSN(BPF_JMP | BPF_JGT | BPF_X, d, s, o, 0)
#define JNE_IMM(d, i, o)	INSN(BPF_JMP | BPF_JNE | BPF_K, d, 0, o, i)
#define EXIT()			INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#define SKB(field)		offsetof(struct __sk_buff, field)
/* ETH_P_IP as a 16-bit load from the frame reads it */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ETH_P_IP_LOADED		0x0008
#else
#define ETH_P_IP_LOADED		ETH_P_IP
#endif

static const struct bpf_insn prog_pass[] = { MOV_IMM(0, TC_ACT_OK), EXIT() };
static const struct bpf_insn prog_drop[] = { MOV_IMM(0, TC_ACT_SHOT), EXIT() };

/* IPv4 (header of 20 bytes) ICMP echo requests: shot; the rest: ok. */
static const struct bpf_insn prog_drop_ping[] = {
	LDX(BPF_W, 2, 1, SKB(data)),
	LDX(BPF_W, 3, 1, SKB(data_end)),
	MOV_IMM(0, TC_ACT_OK),
	MOV_REG(4, 2),
	ADD_IMM(4, 35),			/* through the ICMP type */
	JGT_REG(4, 3, 9),
	LDX(BPF_H, 5, 2, 12),		/* EtherType */
	JNE_IMM(5, ETH_P_IP_LOADED, 7),
	LDX(BPF_B, 5, 2, 14),		/* version and header length */
	JNE_IMM(5, 0x45, 5),
	LDX(BPF_B, 5, 2, 23),		/* protocol */
	JNE_IMM(5, IPPROTO_ICMP, 3),
	LDX(BPF_B, 5, 2, 34),		/* ICMP type */
	JNE_IMM(5, 8, 1),
	MOV_IMM(0, TC_ACT_SHOT),
	EXIT(),
};

/* Every frame: skb->mark = 42 (patched), ok. */
static struct bpf_insn prog_mark[] = {
	MOV_IMM(2, 42),
	STX_W(1, 2, SKB(mark)),
	MOV_IMM(0, TC_ACT_OK),
	EXIT(),
};

/* Frames whose __sk_buff.ifindex is 0 (patched): ok; the rest: shot. */
static struct bpf_insn prog_ifindex[] = {
	LDX(BPF_W, 2, 1, SKB(ifindex)),
	MOV_IMM(0, TC_ACT_OK),
	JNE_IMM(2, 0, 1),
	EXIT(),
	MOV_IMM(0, TC_ACT_SHOT),
	EXIT(),
};

/* "pass", "drop", "drop-ping", "mark=N", "ifindex=N", "socket": loaded, its fd printed. */
static int prog_load(const char *what)
{
	static char log[65536];
	union bpf_attr attr = {
		.prog_type = BPF_PROG_TYPE_SCHED_CLS,
		.license = (uintptr_t)"GPL",
		.log_buf = (uintptr_t)log, .log_size = sizeof(log), .log_level = 1,
	};
	const struct bpf_insn *insns = prog_pass;
	size_t n = ARRAY_SIZE(prog_pass);
	uint32_t value;
	int fd;

	if (!strcmp(what, "drop")) {
		insns = prog_drop;
		n = ARRAY_SIZE(prog_drop);
	} else if (!strcmp(what, "drop-ping")) {
		insns = prog_drop_ping;
		n = ARRAY_SIZE(prog_drop_ping);
	} else if (!strncmp(what, "mark=", 5) && !parse_id(what + 5, &value)) {
		prog_mark[0].imm = value;
		insns = prog_mark;
		n = ARRAY_SIZE(prog_mark);
	} else if (!strncmp(what, "ifindex=", 8) && !parse_id(what + 8, &value)) {
		prog_ifindex[2].imm = value;
		insns = prog_ifindex;
		n = ARRAY_SIZE(prog_ifindex);
	} else if (!strcmp(what, "socket")) {	/* of the wrong type */
		attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	} else if (strcmp(what, "pass")) {
		return fail(EINVAL,
			    "bad program \"%s\" (pass, drop, drop-ping, mark=N, ifindex=N, socket)",
			    what);
	}
	attr.insns = (uintptr_t)insns;
	attr.insn_cnt = n;
	fd = syscall(__NR_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd < 0)
		return fail(errno, "prog load %s: %s (%s)\n%s", what, strerror(errno),
			    errno_name(errno), log);
	printf("%d\n", fd);
	return 0;
}

/* "prog port|link ID DIRS FD|-1 [reserved=N] [kind=N]" */
static int prog_attach(char **w, int n)
{
	struct vnet_prog req = { .kind = VNET_PROG_PORT };
	int link = !strcmp(w[1], "link"), i, err;
	uint32_t raw;

	if (link)
		req.kind = VNET_PROG_LINK;
	err = parse_id(w[2], &req.id) ?: parse_dirs(w[3], link, &req.dirs);
	if (err)
		return err;
	req.prog_fd = atoi(w[4]);
	for (i = 5; !err && i < n; i++) {
		if (!strncmp(w[i], "reserved=", 9))
			err = parse_id(w[i] + 9, &req.reserved[3]);
		else if (!strncmp(w[i], "kind=", 5) && !parse_id(w[i] + 5, &raw))
			req.kind = raw;	/* raw, to test the refusal */
		else
			err = fail(EINVAL, "bad \"%s\" (reserved=N, kind=N)", w[i]);
	}
	return err ?: vnet_call(VNET_IOC_PROG, &req, "prog");
}

/* How many BPF programs the kernel holds: one goes with its last holder. */
static int prog_count(void)
{
	union bpf_attr attr = { .start_id = 0 };
	unsigned int n = 0;

	while (!syscall(__NR_bpf, BPF_PROG_GET_NEXT_ID, &attr, sizeof(attr))) {
		attr.start_id = attr.next_id;
		n++;
	}
	if (errno != ENOENT)
		return fail(errno, "prog count: %s", strerror(errno));
	printf("%u\n", n);
	return 0;
}

static int run_prog(char **w, int n)
{
	uint32_t fd;

	if (n == 2 && !strcmp(w[1], "count"))
		return prog_count();
	if (n == 3 && !strcmp(w[1], "load"))
		return prog_load(w[2]);
	if (n == 3 && !strcmp(w[1], "close") && !parse_id(w[2], &fd))
		return close(fd) ? fail(errno, "prog close: %s", strerror(errno)) : 0;
	if (n >= 5 && (!strcmp(w[1], "port") || !strcmp(w[1], "link")))
		return prog_attach(w, n);
	return fail(EINVAL, "usage: %s",
		    "prog load WHAT | prog port|link ID DIRS FD|-1 [KEY=N...] | prog close FD | prog count");
}

/* The module must speak our ABI: anything else would misread every struct. */
static int handshake(void)
{
	struct vnet_version v = { .abi_version = abi };

	if (ioctl(vnet_fd, VNET_IOC_VERSION, &v) == 0)
		return 0;
	if (errno == EPROTO) {
		fprintf(stderr,
			"vnetctl: ABI mismatch: the loaded vnet module speaks ABI version %u, this vnetctl speaks %u; load the matching module or rebuild vnetctl\n",
			v.abi_version, abi);
		return 1;
	}
	fprintf(stderr, "vnetctl: %s: no answer to VNET_IOC_VERSION: %s\n",
		VNET_DEVICE_PATH, strerror(errno));
	return 1;
}

/* Opens /dev/vnet and checks its ABI; 0 or 1 (message printed). */
static int vnet_open(void)
{
	vnet_fd = open(VNET_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (vnet_fd < 0) {
		fprintf(stderr, "vnetctl: %s: %s (is the vnet module loaded?)\n",
			VNET_DEVICE_PATH, strerror(errno));
		return 1;
	}
	return handshake();
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int run_line(char *line)
{
	char *w[MAX_WORDS];
	int n = split_words(line, w), err, expect = 0;

	if (!n || w[0][0] == '#')
		return 0;
	if (w[0][0] == '!') {
		expect = errno_by_name(w[0] + 1);
		if (!expect)
			return fail(EINVAL, "unknown errno name \"%s\"", w[0] + 1);
		memmove(w, w + 1, --n * sizeof(w[0]));
		if (!n)
			return fail(EINVAL, "nothing after \"!%s\"", errno_name(expect));
	}

	if (!strcmp(w[0], "version") && n == 1) {
		struct vnet_version v = { 0 };

		err = vnet_call(VNET_IOC_VERSION, &v, "version");
		if (!err)
			printf("abi %u features 0x%x max_batch_ops %u\n",
			       v.abi_version, v.features, v.max_batch_ops);
	} else if (!strcmp(w[0], "stats")) {
		err = run_stats(w, n);
	} else if (!strcmp(w[0], "partition")) {
		err = run_partition(w, n);
	} else if (!strcmp(w[0], "capture") && n >= 2) {
		err = run_capture(w, n);
	} else if (!strcmp(w[0], "prog") && n >= 2) {
		err = run_prog(w, n);
	} else if (!strcmp(w[0], "batch") && n == 2) {
		err = run_batch(w[1]);
	} else if (!strcmp(w[0], "echo")) {
		int i;

		for (i = 1; i < n; i++)
			printf("%s%s", i > 1 ? " " : "", w[i]);
		putchar('\n');
		err = 0;
	} else if (!strcmp(w[0], "sleep") && n == 2) {
		usleep((useconds_t)(atof(w[1]) * 1e6));
		err = 0;
	} else if (!strcmp(w[0], "reopen") && n == 1) {
		close(vnet_fd);
		err = vnet_open() ? EIO : 0;
	} else if (!strcmp(w[0], "wait") && n == 1) {
		fflush(stdout);
		while (!stop)
			pause();
		err = 0;
	} else {
		err = run_single(w, n);
	}

	fflush(stdout);
	if (!expect)
		return err;
	if (err == expect) {
		printf("expected %s\n", errno_name(expect));
		fflush(stdout);
		return 0;
	}
	return fail(EINVAL, "expected %s, got %s", errno_name(expect),
		    err ? errno_name(err) : "success");
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	char line[4096], where[64];
	FILE *in = stdin;
	unsigned int lineno = 0;
	int opt;

	while ((opt = getopt(argc, argv, "f:A:")) != -1) {
		switch (opt) {
		case 'f':
			in = fopen(optarg, "r");
			if (!in) {
				fprintf(stderr, "vnetctl: %s: %s\n", optarg, strerror(errno));
				return 1;
			}
			break;
		case 'A':	/* pretend another ABI version: tests the refusal */
			abi = strtoul(optarg, NULL, 0);
			break;
		default:
			fprintf(stderr, "usage: vnetctl [-f SCRIPT]  (else commands on stdin)\n");
			return 2;
		}
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (vnet_open())
		return 1;

	while (!stop && fgets(line, sizeof(line), in)) {
		lineno++;
		snprintf(where, sizeof(where), "line %u: ", lineno);
		cur_where = where;
		if (run_line(line))
			return 1;
	}
	return 0;
}
