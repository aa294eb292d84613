// SPDX-License-Identifier: GPL-2.0
/*
 * vnet_fuzz: throw random ioctls at /dev/vnet. Commands, sizes and
 * directions are random (mostly near the real ones so the checks behind the
 * size check get exercised too), as are ids, kinds, names, shaping values,
 * counts and the user pointers inside batch and stats requests (valid,
 * NULL, unmapped, kernel addresses, unaligned). The file is reopened now
 * and then so that release tears down whatever the noise managed to build.
 * Run it in a scratch network namespace: successful PORT_ADDs make devices.
 *
 * usage: vnet_fuzz [ITERATIONS [SEED]]   (defaults: 100000, time)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/vnet.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define REOPEN_EVERY	5000
#define MAX_BATCH	48
#define MAX_STATS	64

/* Room for any argument, and more than any size the kernel copies. */
union fuzz_arg {
	struct vnet_op op;
	struct vnet_partition partition;
	uint8_t raw[512];
};

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64*: reproducible from the seed, unlike rand() */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static uint32_t below(uint32_t n)
{
	return rnd() % n;
}

static int chance(int percent)
{
	return below(100) < (uint32_t)percent;
}

static void fill_random(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len--)
		*p++ = rnd();
}

static char *unmapped;

/* A pointer for the kernel to chase: usually good, often not. */
static uint64_t random_pointer(void *good)
{
	switch (below(8)) {
	case 0:
		return 0;
	case 1:
		return (uintptr_t)unmapped;
	case 2:
		return 0xffff888000000000ULL + (rnd() & 0xffffff);
	case 3:
		return (uintptr_t)good + 1 + below(7);
	case 4:
		return rnd();
	default:
		return (uintptr_t)good;
	}
}

static uint32_t random_id(void)
{
	switch (below(6)) {
	case 0:
		return rnd();
	case 1:
		return VNET_ID_REF | below(MAX_BATCH + 2);
	default:
		return below(8);
	}
}

static void random_shape(struct vnet_shape *s)
{
	memset(s, 0, sizeof(*s));
	if (chance(50))
		return;
	s->delay_ns = chance(50) ? below(5000000) : rnd();
	s->jitter_ns = chance(70) ? s->delay_ns / 2 : rnd();
	s->rate_bps = chance(50) ? 0 : (chance(80) ? 1000 + below(1000000000) : rnd());
	s->loss_ppm = chance(70) ? below(1000001) : rnd();
	s->dup_ppm = chance(70) ? below(1000001) : rnd();
	s->limit_pkts = chance(70) ? below(2000) : rnd();
	s->reserved = chance(95) ? 0 : rnd();
}

static void random_name(char *name)
{
	static const char *const odd[] = { "", ".", "..", "a/b", "a b", "x%d",
					   "0123456789abcdef", "lo", "fz:1" };

	memset(name, 0, VNET_IFNAMSIZ);
	if (chance(15)) {
		const char *pick = odd[below(ARRAY_SIZE(odd))];

		/* May fill all 16 bytes: a name without its NUL. */
		memcpy(name, pick, strlen(pick));
		if (chance(30))
			fill_random(name, VNET_IFNAMSIZ);
		return;
	}
	snprintf(name, VNET_IFNAMSIZ, "fz%u", below(4));
}

static void random_op(uint32_t cmd, struct vnet_op *op)
{
	memset(op, 0, sizeof(*op));
	op->cmd = cmd;
	switch (cmd) {
	case VNET_CMD_SEGMENT_ADD:
		op->u.segment.kind = chance(90) ? 1 + below(3) : rnd();
		op->u.segment.ageing_ms = chance(80) ? 0 : below(100000);
		break;
	case VNET_CMD_PORT_ADD:
		op->u.port.segment = random_id();
		op->u.port.netns_fd = chance(90) ? -1 : (int32_t)below(16) - 2;
		op->u.port.mtu = chance(60) ? 0 : (chance(50) ? below(70000) : rnd());
		random_name(op->u.port.ifname);
		if (chance(30))
			fill_random(op->u.port.mac, sizeof(op->u.port.mac));
		break;
	case VNET_CMD_PORT_SET:
	case VNET_CMD_LINK_SET:		/* the same layout */
		op->u.set.id = random_id();
		op->u.set.dirs = chance(90) ? 1 + below(3) : rnd();
		random_shape(&op->u.set.egress);
		random_shape(&op->u.set.ingress);
		break;
	case VNET_CMD_PORT_STATE:
	case VNET_CMD_LINK_STATE:
		op->u.state.id = random_id();
		op->u.state.set = chance(90) ? 1 + below(3) : rnd();
		op->u.state.carrier = chance(90) ? below(2) : rnd();
		op->u.state.seed = chance(50) ? below(4) : rnd();
		op->u.state.reserved = chance(95) ? 0 : rnd();
		break;
	case VNET_CMD_LINK_ADD:
		op->u.link.segment_a = random_id();
		op->u.link.segment_b = random_id();
		break;
	default:
		op->u.del.id = random_id();
		break;
	}
	if (chance(5))
		fill_random(op, sizeof(*op));
}

static uint32_t random_cmd(void)
{
	return chance(95) ? 1 + below(__VNET_CMD_MAX - 1) : below(256);
}

/* A command a batch may hold. */
static uint32_t random_batch_cmd(void)
{
	static const uint32_t cmds[] = {
		VNET_CMD_SEGMENT_ADD, VNET_CMD_SEGMENT_DEL, VNET_CMD_PORT_ADD,
		VNET_CMD_PORT_DEL, VNET_CMD_PORT_SET, VNET_CMD_PORT_STATE,
		VNET_CMD_LINK_ADD, VNET_CMD_LINK_DEL, VNET_CMD_LINK_SET,
		VNET_CMD_LINK_STATE,
	};

	return cmds[below(ARRAY_SIZE(cmds))];
}

/* Room for 16 records of either size. */
union fuzz_addrs {
	struct vnet_partition_addr v4[16];
	struct vnet_partition_addr6 wide[16];
};

/* A wide record: 10.0.0.0/28 or fd00::/124, the family and reserved bytes mostly valid. */
static void random_addr6(struct vnet_partition_addr6 *a)
{
	static const uint8_t fd00[16] = { 0xfd };

	memset(a, 0, sizeof(*a));
	a->family = chance(50) ? AF_INET : AF_INET6;
	if (a->family == AF_INET6)
		memcpy(a->addr, fd00, sizeof(fd00));
	else
		a->addr[0] = 10;
	a->addr[a->family == AF_INET6 ? 15 : 3] = below(16);
	if (chance(3))
		a->addr[below(16)] = rnd();
	if (chance(3))
		a->family = rnd();
}

/* A table of up to 16 addresses in 10.0.0.0/28 (and fd00::/124), groups and cuts mostly valid. */
static void random_partition(struct vnet_partition *p, union fuzz_addrs *addrs)
{
	int wide = chance(50);
	uint32_t i;

	p->count = chance(90) ? below(17) : rnd();
	p->groups = chance(90) ? below(5) : below(VNET_PARTITION_MAX_GROUPS + 2);
	for (i = 0; i < 16; i++) {
		uint32_t group = chance(95) ? below(p->groups + 1) : rnd();

		if (wide) {
			random_addr6(&addrs->wide[i]);
			addrs->wide[i].group = group;
		} else {
			addrs->v4[i].addr = htonl(0x0a000000 + below(16));
			addrs->v4[i].group = group;
		}
	}
	p->addrs = random_pointer(addrs);
	p->addr_size = chance(95) ? (wide ? sizeof(addrs->wide[0]) : sizeof(addrs->v4[0])) : rnd();
	for (i = 0; i < p->groups && i < VNET_PARTITION_MAX_GROUPS; i++)
		p->cut[i] = chance(50) ? 0 :
			    p->groups < 64 && chance(90) ? rnd() % (1ULL << p->groups) : rnd();
	p->reserved = chance(95) ? 0 : rnd();
}

/* Fills the argument of @cmd, valid-looking most of the time. */
static void random_arg(uint32_t cmd, union fuzz_arg *arg,
		       struct vnet_op *batch_ops, struct vnet_port_stats *stats,
		       uint32_t *ids, union fuzz_addrs *addrs)
{
	struct vnet_batch *b = (void *)arg->raw;
	struct vnet_stats *s = (void *)arg->raw;
	uint32_t i, n;

	memset(arg, 0, sizeof(*arg));
	switch (cmd) {
	case VNET_CMD_VERSION:
		arg->raw[0] = chance(80) ? VNET_ABI_VERSION : rnd();
		break;
	case VNET_CMD_BATCH:
		n = below(MAX_BATCH) + 1;
		for (i = 0; i < n; i++)
			random_op(chance(90) ? random_batch_cmd() : random_cmd(), &batch_ops[i]);
		b->ops = random_pointer(batch_ops);
		b->count = chance(90) ? n : rnd();
		b->op_size = chance(95) ? sizeof(struct vnet_op) : rnd();
		break;
	case VNET_CMD_STATS:
		for (i = 0; i < MAX_STATS; i++)
			ids[i] = random_id();
		s->ids = chance(50) ? 0 : random_pointer(ids);
		s->stats = random_pointer(stats);
		s->count = chance(90) ? below(MAX_STATS) : rnd();
		s->stats_size = chance(95) ? sizeof(struct vnet_port_stats) : rnd();
		break;
	case VNET_CMD_PARTITION:
		random_partition(&arg->partition, addrs);
		break;
	default:
		random_op(cmd, &arg->op);
		memmove(arg->raw, &arg->op.u, sizeof(arg->op.u));
		break;
	}
	if (chance(3))
		fill_random(arg, sizeof(*arg));
}

static unsigned long random_request(uint32_t cmd)
{
	static const unsigned int dirs[] = { _IOC_NONE, _IOC_READ, _IOC_WRITE,
					     _IOC_READ | _IOC_WRITE };
	static const unsigned int sizes[__VNET_CMD_MAX] = {
		[VNET_CMD_VERSION] = sizeof(struct vnet_version),
		[VNET_CMD_SEGMENT_ADD] = sizeof(struct vnet_segment),
		[VNET_CMD_SEGMENT_DEL] = sizeof(struct vnet_id),
		[VNET_CMD_PORT_ADD] = sizeof(struct vnet_port),
		[VNET_CMD_PORT_DEL] = sizeof(struct vnet_id),
		[VNET_CMD_PORT_SET] = sizeof(struct vnet_port_set),
		[VNET_CMD_LINK_ADD] = sizeof(struct vnet_link),
		[VNET_CMD_LINK_DEL] = sizeof(struct vnet_id),
		[VNET_CMD_BATCH] = sizeof(struct vnet_batch),
		[VNET_CMD_STATS] = sizeof(struct vnet_stats),
		[VNET_CMD_PORT_STATE] = sizeof(struct vnet_port_state),
		[VNET_CMD_LINK_SET] = sizeof(struct vnet_link_set),
		[VNET_CMD_LINK_STATE] = sizeof(struct vnet_port_state),
		[VNET_CMD_PARTITION] = sizeof(struct vnet_partition),
		[VNET_CMD_PROG] = sizeof(struct vnet_prog),
	};
	unsigned int dir = _IOC_READ | _IOC_WRITE;
	unsigned int size = cmd < __VNET_CMD_MAX ? sizes[cmd] : below(256);
	unsigned int type = VNET_IOC_MAGIC;

	if (chance(10))
		dir = dirs[below(4)];
	if (chance(10))
		size = below(_IOC_SIZEMASK + 1);
	if (chance(3))
		type = below(256);
	/* The write-only commands are encoded _IOW in the ABI. */
	if (dir == (_IOC_READ | _IOC_WRITE) && !chance(10) &&
	    (cmd == VNET_CMD_SEGMENT_DEL || cmd == VNET_CMD_PORT_DEL ||
	     cmd == VNET_CMD_PORT_SET || cmd == VNET_CMD_LINK_DEL ||
	     cmd == VNET_CMD_PORT_STATE || cmd == VNET_CMD_PARTITION ||
	     cmd == VNET_CMD_PROG))
		dir = _IOC_WRITE;
	return _IOC(dir, type, cmd, size);
}

int main(int argc, char **argv)
{
	static struct vnet_op batch_ops[MAX_BATCH];
	static struct vnet_port_stats stats[MAX_STATS];
	static uint32_t ids[MAX_STATS];
	static union fuzz_addrs addrs;
	static union fuzz_arg arg;
	unsigned long iterations = argc > 1 ? strtoul(argv[1], NULL, 0) : 100000;
	unsigned long i, ok = 0, errs[256] = { 0 };
	int fd = -1, e;

	rng_state = argc > 2 ? strtoull(argv[2], NULL, 0) : (uint64_t)time(NULL);
	rng_state = rng_state ?: 1;
	printf("# vnet_fuzz: %lu ioctls, seed %llu\n", iterations,
	       (unsigned long long)rng_state);
	unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	for (i = 0; i < iterations; i++) {
		uint32_t cmd = random_cmd();
		void *p = &arg;

		if (fd < 0 || i % REOPEN_EVERY == 0) {
			if (fd >= 0)
				close(fd);
			fd = open(VNET_DEVICE_PATH, O_RDWR);
			if (fd < 0) {
				perror("vnet_fuzz: " VNET_DEVICE_PATH);
				return 1;
			}
		}
		random_arg(cmd, &arg, batch_ops, stats, ids, &addrs);
		if (chance(3))
			p = (void *)(uintptr_t)random_pointer(&arg);
		if (ioctl(fd, random_request(cmd), p) == 0) {
			ok++;
		} else {
			e = errno < 256 ? errno : 255;
			errs[e]++;
		}
	}
	close(fd);

	printf("# vnet_fuzz: %lu succeeded", ok);
	for (e = 0; e < 256; e++)
		if (errs[e])
			printf(", %s %lu", strerrorname_np(e) ?: "?", errs[e]);
	printf("\n");
	return 0;
}
