/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vnet: virtual network fabric between network namespaces.
 *
 * User-space ABI of /dev/vnet. Every object (segment, port, link) belongs to
 * the open file that created it and is destroyed when that file is released.
 *
 * Conventions:
 *  - Only fixed-width types; every struct is padded explicitly to a multiple
 *    of 8 bytes. Padding and reserved fields must be zero on input (-EINVAL
 *    otherwise) so that they can be given a meaning later.
 *  - Object ids are per file and per object type, start at 1 and are below
 *    VNET_ID_REF. Id 0 is never valid.
 *  - Unknown ioctl commands fail with -ENOTTY.
 *  - Call VNET_IOC_VERSION first and refuse to continue on a mismatch.
 *  - The ABI only grows: new commands, new feature bits, meanings for
 *    reserved fields. A change to an existing layout bumps VNET_ABI_VERSION.
 */
#ifndef _UAPI_LINUX_VNET_H
#define _UAPI_LINUX_VNET_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define VNET_ABI_VERSION	1
#define VNET_DEVICE_PATH	"/dev/vnet"
#define VNET_IOC_MAGIC		0xBE

#define VNET_IFNAMSIZ		16	/* IFNAMSIZ, without <linux/if.h> */
#define VNET_ETH_ALEN		6

/* Ids with this bit set, inside a batch only, name the result of an earlier
 * operation of the same batch: VNET_ID_REF | index.
 */
#define VNET_ID_REF		0x80000000u

/* Limits the module enforces (also reported by VNET_IOC_VERSION). */
#define VNET_BATCH_MAX_OPS	65536
#define VNET_STATS_MAX_PORTS	65536	/* records per STATS call */
#define VNET_MTU_MIN		68
#define VNET_MTU_MAX		65535

/* Feature bits reported by VNET_IOC_VERSION. */
#define VNET_FEAT_SHAPING	(1u << 0)	/* PORT_SET delay/jitter/loss/dup/rate */
#define VNET_FEAT_BATCH		(1u << 1)	/* VNET_IOC_BATCH with rollback */
#define VNET_FEAT_LINKS		(1u << 2)	/* segment-to-segment links */
#define VNET_FEAT_STATS_ALL	(1u << 3)	/* STATS of every port of the file */
#define VNET_FEAT_PORT_STATE	(1u << 4)	/* PORT_STATE: carrier, seed */
#define VNET_FEAT_LINK_SHAPING	(1u << 5)	/* LINK_SET, LINK_STATE */
#define VNET_FEAT_PARTITION	(1u << 6)	/* PARTITION: IPv4 group cuts */
#define VNET_FEAT_CAPTURE	(1u << 7)	/* CAPTURE: frames of ports, drops too */
#define VNET_FEAT_PROG		(1u << 8)	/* PROG: eBPF programs on ports and links */
#define VNET_FEAT_PARTITION6	(1u << 9)	/* PARTITION of IPv6: vnet_partition_addr6 */

/*
 * Command numbers (the ioctl nr). Batch operations use the same numbers in
 * struct vnet_op.cmd (only the add/del/set/link/state commands are allowed
 * there).
 */
enum vnet_cmd {
	VNET_CMD_VERSION = 1,
	VNET_CMD_SEGMENT_ADD,
	VNET_CMD_SEGMENT_DEL,
	VNET_CMD_PORT_ADD,
	VNET_CMD_PORT_DEL,
	VNET_CMD_PORT_SET,
	VNET_CMD_LINK_ADD,
	VNET_CMD_LINK_DEL,
	VNET_CMD_BATCH,
	VNET_CMD_STATS,
	VNET_CMD_PORT_STATE,
	VNET_CMD_LINK_SET,
	VNET_CMD_LINK_STATE,
	VNET_CMD_PARTITION,
	VNET_CMD_CAPTURE,
	VNET_CMD_PROG,
	__VNET_CMD_MAX
};

/*
 * VNET_IOC_VERSION: handshake.
 * in:  abi_version = the caller's VNET_ABI_VERSION (0 = just ask).
 * out: abi_version = the module's, features, limits.
 * Fails with -EPROTO when the caller's version differs from the module's;
 * the output is filled in even then, so the caller can say which is which.
 */
struct vnet_version {
	__u32 abi_version;
	__u32 features;		/* VNET_FEAT_* */
	__u32 max_batch_ops;	/* VNET_BATCH_MAX_OPS */
	__u32 reserved;
};

enum vnet_segment_kind {
	VNET_SEG_P2P = 1,	/* exactly two members: a cable */
	VNET_SEG_HUB,		/* every frame goes to every other member */
	VNET_SEG_SWITCH,	/* learning switch, MAC ageing, floods unknown */
	__VNET_SEG_MAX
};

/*
 * VNET_IOC_SEGMENT_ADD: in kind (VNET_SEG_*), out id.
 * Members are ports and links; a P2P segment takes two at most (-EBUSY),
 * a hub or a switch has no member limit but memory (every port is a
 * net_device; 10,000 on one switch are tested).
 * A switch forgets a MAC address after ageing_ms without traffic from it
 * (0 = default 300000 ms).
 */
struct vnet_segment {
	__u32 id;		/* out */
	__u32 kind;
	__u32 ageing_ms;
	__u32 reserved;
};

/*
 * VNET_IOC_SEGMENT_DEL, VNET_IOC_PORT_DEL, VNET_IOC_LINK_DEL: in id.
 * A segment with members can't be deleted: -EBUSY.
 */
struct vnet_id {
	__u32 id;
	__u32 reserved;
};

/*
 * VNET_IOC_PORT_ADD: create a net_device named ifname inside the network
 * namespace netns_fd refers to (-1: the caller's), attached to segment.
 * mac all zero: a random locally administered address. mtu 0: 1500.
 * Its carrier is on while the segment can carry frames to someone (for P2P:
 * while the other end is attached). Errors: -ENOENT unknown segment,
 * -EBUSY P2P segment full, -EEXIST name taken in that namespace, -EINVAL bad
 * name, MAC (multicast) or MTU, -EBADF/-EINVAL bad netns fd.
 */
struct vnet_port {
	__u32 id;		/* out */
	__u32 segment;
	__s32 netns_fd;
	__u32 mtu;
	char ifname[VNET_IFNAMSIZ];
	__u8 mac[VNET_ETH_ALEN];
	__u8 pad[2];
	__u32 reserved[2];
};

/*
 * Link emulation for one direction of a port. delay_ns, rate_bps, loss_ppm
 * and dup_ppm all zero: no emulation, the port takes the fast path with no
 * queue, whatever limit_pkts says (it only bounds a queue that exists), also
 * after parameters were set before; frames already waiting leave at their
 * time. Frames wait delay_ns plus a uniform random amount in
 * [-jitter_ns, +jitter_ns] (frames keep their order); rate_bps serialises
 * them at that bit rate, counting Ethernet frames from destination address
 * to payload end (0, or >= 1000); at most limit_pkts wait (0 = 1000), more
 * are dropped as queue full.
 * loss_ppm / dup_ppm: parts per million of frames dropped / duplicated.
 */
struct vnet_shape {
	__u64 delay_ns;		/* <= 60 s */
	__u64 jitter_ns;	/* <= delay_ns */
	__u64 rate_bps;		/* 0 = unlimited */
	__u32 loss_ppm;		/* <= 1000000 */
	__u32 dup_ppm;		/* <= 1000000 */
	__u32 limit_pkts;	/* <= 1000000 */
	__u32 reserved;
};

#define VNET_DIR_EGRESS		(1u << 0)	/* frames the port's host sends */
#define VNET_DIR_INGRESS	(1u << 1)	/* frames delivered to the host */

/*
 * VNET_IOC_PORT_SET: set the emulation of the directions in "dirs"
 * (VNET_DIR_* mask, not empty); the other direction is left as it is.
 * A frame from host A to host B passes A's egress, then B's ingress.
 */
struct vnet_port_set {
	__u32 id;
	__u32 dirs;
	struct vnet_shape egress;
	struct vnet_shape ingress;
};

/*
 * VNET_IOC_LINK_ADD: join two segments (e.g. switch to switch), as if a
 * cable joined a port of each. Out id. A link that would close a loop in
 * the graph of segments and links (including a == b) is refused with
 * -ELOOP: vnet runs no spanning tree, so the topology must be a forest.
 * A frame crosses at most VNET_LINK_MAX_HOPS links on its way; farther
 * members don't get it (a no-destination drop).
 */
struct vnet_link {
	__u32 id;		/* out */
	__u32 segment_a;
	__u32 segment_b;
	__u32 reserved;
};

#define VNET_LINK_MAX_HOPS	32

/* The bits of VNET_DIR_EGRESS and _INGRESS: one layout serves both SETs. */
#define VNET_DIR_AB		(1u << 0)	/* frames from segment_a to segment_b */
#define VNET_DIR_BA		(1u << 1)	/* frames from segment_b to segment_a */

/*
 * VNET_IOC_LINK_SET (feature VNET_FEAT_LINK_SHAPING): set the emulation of
 * the directions of a link in "dirs" (VNET_DIR_AB/BA mask, not empty), as
 * PORT_SET does for a port (struct vnet_shape, same limits; all zero: the
 * fast path); the other direction is left as it is. LINK_ADD makes a link
 * without emulation. Frames a link loses or finds its queue full for count
 * on the port whose host sent them; drops after a link's queue (e.g. no
 * destination behind it) are not counted, their sender is no longer known.
 * Errors: -EINVAL empty or unknown dirs bits, reserved not zero; -ERANGE a
 * shape out of its limits; -ENOENT unknown link.
 */
struct vnet_link_set {
	__u32 id;
	__u32 dirs;
	struct vnet_shape ab;
	struct vnet_shape ba;
};

#define VNET_STATE_CARRIER	(1u << 0)	/* apply vnet_port_state.carrier */
#define VNET_STATE_SEED		(1u << 1)	/* apply vnet_port_state.seed */

/*
 * VNET_IOC_PORT_STATE (feature VNET_FEAT_PORT_STATE): the fields of a port
 * named in "set" (VNET_STATE_* mask, not empty); the others are left as
 * they are.
 * carrier: 1 = cable plugged in (what PORT_ADD makes), 0 = pulled. A
 *   pulled port's host sees NO-CARRIER and keeps its addresses and routes;
 *   its own frames stop in the kernel before the port (a device without
 *   carrier has no transmit queue; since Linux 6.11 counted in the
 *   device's tx_dropped), those that reach it count as no-carrier drops on
 *   it, and on a P2P segment the other end loses carrier too. 1 again gives
 *   both back their carrier.
 * seed: the port's random generators of loss, duplication and jitter (one
 *   per direction, both seeded with it): non-zero seeds them, so the same
 *   frames through the port meet the same decisions every time the same
 *   seed is set; 0 = the kernel's random pool (what PORT_ADD makes). Any
 *   64-bit value.
 * Errors: -EINVAL empty or unknown mask bits, carrier > 1, a field outside
 * the mask or reserved not zero; -ENOENT unknown port.
 */
struct vnet_port_state {
	__u32 id;
	__u32 set;		/* VNET_STATE_* */
	__u32 carrier;		/* 0 or 1 */
	__u32 reserved;
	__u64 seed;
};

/*
 * VNET_IOC_LINK_STATE (feature VNET_FEAT_LINK_SHAPING): struct
 * vnet_port_state with id naming a link; the same fields, mask and errors.
 * carrier: 1 = the cable between the two segments is plugged in (what
 *   LINK_ADD makes), 0 = pulled: the link carries nothing in either
 *   direction, frames reaching it count as no-carrier drops on the port
 *   whose host sent them; the ports on both segments keep their carrier
 *   (as a switch's own ports do when another of its cables is pulled).
 *   Frames already in the link's queues still leave at their time.
 * seed: the link's generators (one per direction, both seeded with it).
 */

/* One operation of a batch: cmd selects the member of the union. */
struct vnet_op {
	__u32 cmd;	/* VNET_CMD_{SEGMENT,PORT,LINK}_{ADD,DEL}, {PORT,LINK}_{SET,STATE} */
	__u32 reserved;
	union {
		struct vnet_segment segment;	/* SEGMENT_ADD */
		struct vnet_port port;		/* PORT_ADD */
		struct vnet_port_set set;	/* PORT_SET */
		struct vnet_port_state state;	/* PORT_STATE, LINK_STATE */
		struct vnet_link link;		/* LINK_ADD */
		struct vnet_link_set link_set;	/* LINK_SET */
		struct vnet_id del;		/* *_DEL */
		__u8 raw[120];
	} u;
};

/*
 * VNET_IOC_BATCH: apply count operations of ops[] (a user pointer to an
 * array of struct vnet_op; op_size must be sizeof(struct vnet_op)) in order.
 * Ids in an operation may be VNET_ID_REF | i to mean the object created by
 * operation i < the current one. The ids of created objects are written
 * back into each add operation's id field.
 * All or nothing: on the first failing operation, everything the batch did
 * is undone (deletions only take effect once every operation succeeded),
 * failed_index is that operation's index and the ioctl returns its error.
 * failed_index is count when the batch itself was refused.
 */
struct vnet_batch {
	__u64 ops;		/* user pointer to struct vnet_op[count] */
	__u32 count;		/* 1 .. VNET_BATCH_MAX_OPS */
	__u32 op_size;
	__u32 failed_index;	/* out */
	__u32 reserved;
};

enum vnet_drop_reason {
	VNET_DROP_LOSS,		/* emulated loss */
	VNET_DROP_QUEUE_FULL,	/* emulation queue at limit_pkts */
	VNET_DROP_NO_CARRIER,	/* sent or delivered while without carrier */
	VNET_DROP_NO_DEST,	/* no member to deliver to, or it went away */
	VNET_DROP_PARTITION,	/* IPv4 or IPv6 between groups cut by PARTITION */
	VNET_DROP_PROG,		/* a PROG program's verdict was TC_ACT_SHOT */
	__VNET_DROP_MAX
};

#define VNET_DROP_SLOTS		8	/* room to add reasons without a new ABI */

/*
 * Counters of one port, from its host's point of view: tx = frames the host
 * sent into the port, rx = frames delivered to the host. Drops are counted
 * at the port where they happen (egress drops on the sender's port, ingress
 * drops on the receiver's).
 */
struct vnet_port_stats {
	__u32 id;
	__u32 reserved;
	__u64 rx_packets;
	__u64 rx_bytes;
	__u64 tx_packets;
	__u64 tx_bytes;
	__u64 drops[VNET_DROP_SLOTS];	/* indexed by enum vnet_drop_reason */
};

/*
 * VNET_IOC_STATS: counters of many ports in one call.
 * ids != 0: count ids (user pointer to __u32[count]) in, the same count of
 *           records out, in the same order; an unknown id fails with -ENOENT.
 * ids == 0: every port of this file, at most count of them; out: count is
 *           the number written and total the number of ports the file has
 *           (call again with a larger buffer when total > count).
 * count is at most VNET_STATS_MAX_PORTS (-E2BIG).
 * stats is a user pointer to struct vnet_port_stats[count]; stats_size must
 * be sizeof(struct vnet_port_stats).
 */
struct vnet_stats {
	__u64 ids;
	__u64 stats;
	__u32 count;		/* in/out */
	__u32 stats_size;
	__u32 total;		/* out */
	__u32 reserved;
};

#define VNET_PARTITION_MAX_ADDRS	65536
#define VNET_PARTITION_MAX_GROUPS	64

/* One IPv4 address of a partition table and the group it belongs to. */
struct vnet_partition_addr {
	__be32 addr;		/* network byte order; not 0.0.0.0 */
	__u32 group;		/* < vnet_partition.groups */
};

/*
 * One address of either family and its group (feature VNET_FEAT_PARTITION6).
 * family is AF_INET (2) or AF_INET6 (10), as <sys/socket.h> numbers them.
 * addr, network byte order: an IPv4 address in addr[0..3], addr[4..15]
 * reserved (zero); an IPv6 address in all 16 bytes, neither :: nor an
 * IPv4-mapped one (::ffff:0:0/96: give those as AF_INET). 10.0.0.1 and
 * fd00::1 are two addresses, in any groups.
 */
struct vnet_partition_addr6 {
	__u32 family;		/* AF_INET or AF_INET6 */
	__u32 group;		/* < vnet_partition.groups */
	__u8 addr[16];
};

/*
 * VNET_IOC_PARTITION (feature VNET_FEAT_PARTITION): replaces the file's
 * partition table as a whole, atomically: a frame meets the old table or
 * the new one, never a mix. Not an operation of VNET_IOC_BATCH.
 * A table puts addresses into groups 0 .. groups - 1 and cuts ordered
 * pairs of groups: bit t of cut[f] set = IP packets from an address of
 * group f to an address of group t are dropped (one-way cuts are the pairs
 * set one way only). They are dropped when their sender's port transmits
 * them, before its egress emulation, and counted there as
 * VNET_DROP_PARTITION; routers forward with the end-to-end addresses, so a
 * router in a group passes nothing across a cut either.
 * Records: addr_size says which. sizeof(struct vnet_partition_addr): IPv4
 * addresses only (what every module with VNET_FEAT_PARTITION takes).
 * sizeof(struct vnet_partition_addr6) (VNET_FEAT_PARTITION6): IPv4 and
 * IPv6 addresses, mixed in one table; a host's two addresses are two
 * records, usually of the same group.
 * What is looked at: untagged Ethernet frames of type 0x0800 (the IPv4
 * header's source and destination) and 0x86DD (the IPv6 header's; an
 * IPv4-mapped one is looked up as its IPv4 address). ARP still resolves
 * across a cut, as through the netns backend's bridge table, so
 * neighbours stay known and a heal takes effect at the next packet.
 * Neighbour discovery to multicast addresses and between link-local ones
 * is in no table either and passes, so neighbours resolve too; a unicast
 * probe or advertisement from one cut address to another is cut like any
 * packet between them (as by the netns backend), and a neighbour it let
 * fail is resolved again, by multicast, at the first packet after a heal.
 * Addresses in no group are never cut.
 * count 0 (with groups 0 and cut all zero) removes the table: healed. A
 * table with no bit set in cut is removed as well (it would drop nothing).
 * Errors, all before anything changes (the old table stays in force):
 * -E2BIG count > VNET_PARTITION_MAX_ADDRS or groups >
 * VNET_PARTITION_MAX_GROUPS; -EMSGSIZE addr_size is neither record's size;
 * -EINVAL reserved not zero, a group or a cut bit naming a group >= groups,
 * an unspecified address (0.0.0.0, ::), an address given twice, a family
 * other than AF_INET and AF_INET6, reserved addr bytes of an AF_INET
 * record not zero, an IPv4-mapped AF_INET6 address; -EFAULT bad addrs
 * pointer; -ENOMEM.
 * The table goes with the file.
 */
struct vnet_partition {
	__u64 addrs;		/* user pointer to count records of addr_size bytes */
	__u32 count;		/* 0 .. VNET_PARTITION_MAX_ADDRS */
	__u32 addr_size;	/* sizeof(struct vnet_partition_addr or _addr6) */
	__u32 groups;		/* 0 .. VNET_PARTITION_MAX_GROUPS */
	__u32 reserved;
	__u64 cut[VNET_PARTITION_MAX_GROUPS];	/* cut[from] bit to */
};

#define VNET_CAPTURE_MAX_PORTS		64
#define VNET_CAPTURE_MAX_SNAPLEN	262144	/* tcpdump's default */
#define VNET_CAPTURE_MIN_RING		(64u << 10)
#define VNET_CAPTURE_MAX_RING		(64u << 20)
#define VNET_CAPTURE_MAX_FILTER		4096	/* BPF_MAXINSNS */

/* Where on a port's way a frame is seen; a mask in a request, one bit in a record. */
#define VNET_POINT_BEFORE	(1u << 0)	/* entering the direction's emulation */
#define VNET_POINT_AFTER	(1u << 1)	/* leaving it: sent on, or delivered */
#define VNET_POINT_DROPPED	(1u << 2)	/* dropped by it: reason says why */
#define VNET_POINT_LOST		(1u << 6)	/* record only: no frame, only lost */
#define VNET_POINT_GONE		(1u << 7)	/* record only: the port was deleted */

/*
 * VNET_IOC_CAPTURE (feature VNET_FEAT_CAPTURE): captures frames of ports
 * of this file and returns a new file descriptor (O_CLOEXEC) to read them
 * from; closing it ends the capture. The ioctl returns that descriptor.
 * ports: user pointer to __u32[count], count 1 .. VNET_CAPTURE_MAX_PORTS
 *   port ids, none twice.
 * points: VNET_POINT_BEFORE/_AFTER/_DROPPED mask, not empty. Each direction
 *   of a port has its own emulation (PORT_SET), with or without a queue:
 *   egress BEFORE is the frame as the port's host sent it, AFTER as it
 *   leaves for the segment; ingress BEFORE as the segment brought it, AFTER
 *   as the host gets it. DROPPED: frames the port's own emulation or state
 *   dropped (loss, queue full, no carrier; partition on egress), with the
 *   reason; drops elsewhere (a link between segments, no destination) are
 *   not the port's and are not seen. A frame passing a port without
 *   emulation is both BEFORE and AFTER: ask for one of them to see it once.
 * dirs: VNET_DIR_EGRESS/_INGRESS mask, not empty.
 * snaplen: bytes kept of a frame, 1 .. VNET_CAPTURE_MAX_SNAPLEN.
 * ring_bytes: what the capture holds for its reader (rounded up to a power
 *   of two), VNET_CAPTURE_MIN_RING .. VNET_CAPTURE_MAX_RING, and at least
 *   one record of snaplen bytes. A full ring never slows a port: the
 *   record is dropped and counted (record.lost). Records dropped after the
 *   last one written are told by a VNET_POINT_LOST record (port, dir, len
 *   and caplen 0) that read() adds once it has emptied the ring; every
 *   record dropped is thus counted, in order.
 * filter: user pointer to struct sock_filter[filter_len] (<linux/filter.h>:
 *   classic BPF over the frame from its Ethernet header, as `tcpdump -ddd`
 *   prints it; its return value caps the bytes kept, 0 skips the frame),
 *   filter_len 0 .. VNET_CAPTURE_MAX_FILTER; 0: every frame.
 * A port may be in several captures at once. A port deleted while captured
 * leaves a VNET_POINT_GONE record; once every port is gone, read() returns
 * 0 (end of file) after the last record.
 * read() on the descriptor returns whole records, as many as fit in the
 * buffer, each a struct vnet_capture_record then caplen bytes, then padding
 * to a multiple of 8; it waits for one unless O_NONBLOCK (-EAGAIN); a
 * buffer that cannot hold the next record fails with -EINVAL (one of
 * sizeof(record) + snaplen rounded up to 8 always can). poll() says POLLIN.
 * Errors: -EINVAL reserved or pad not zero, an empty or unknown points or
 * dirs bit, count or snaplen 0, a port given twice, a filter the kernel
 * refuses, a ring below its minimum or too small for one record; -E2BIG
 * count, snaplen, ring_bytes or filter_len above its limit; -ENOENT an unknown port; -EFAULT bad
 * pointers; -ENOMEM; -EMFILE no descriptor left.
 */
struct vnet_capture {
	__u64 ports;		/* user pointer to __u32[count] */
	__u64 filter;		/* user pointer to struct sock_filter[filter_len] */
	__u32 count;
	__u32 points;		/* VNET_POINT_* */
	__u32 dirs;		/* VNET_DIR_* */
	__u32 snaplen;		/* bytes */
	__u32 ring_bytes;	/* bytes */
	__u32 filter_len;	/* instructions */
	__u32 reserved[2];
};

/* One record read from a capture descriptor; caplen bytes of frame follow. */
struct vnet_capture_record {
	__u64 ts_ns;		/* CLOCK_REALTIME, ns */
	__u32 port;		/* port id */
	__u8 dir;		/* VNET_DIR_EGRESS or VNET_DIR_INGRESS; 0 for GONE */
	__u8 point;		/* one VNET_POINT_* bit */
	__u8 reason;		/* enum vnet_drop_reason when DROPPED, else 0 */
	__u8 pad;
	__u32 len;		/* the frame's length, bytes */
	__u32 caplen;		/* bytes that follow: min(len, snaplen, filter's) */
	__u32 lost;		/* records dropped just before this one: ring full */
	__u32 reserved;
};

#define VNET_PROG_PORT		1	/* id names a port; dirs are VNET_DIR_EGRESS/INGRESS */
#define VNET_PROG_LINK		2	/* id names a link; dirs are VNET_DIR_AB/BA */

/*
 * VNET_IOC_PROG (feature VNET_FEAT_PROG): attaches a BPF_PROG_TYPE_SCHED_CLS
 * program (what `tc filter add ... bpf da` takes) to the directions in
 * "dirs" of a port or a link, or detaches them (prog_fd -1). Not an
 * operation of VNET_IOC_BATCH (it takes a descriptor).
 * Where it runs: on every frame of that direction that reaches it, before
 *   the direction's emulation (loss, delay, rate, ...). On a port's egress
 *   after the frame passed the partition table (a cut frame never reaches
 *   it); on a link's direction only while its cable is plugged in. A
 *   capture's BEFORE point shows the frame as the program got it, AFTER
 *   (and DROPPED) what became of it; a link has no capture point.
 * What it sees: the frame as tc shows it to a classifier: data at the
 *   Ethernet header, direct packet access up to data_end; skb->mark and
 *   rewrites of the frame (helpers, direct writes: the kernel makes the
 *   frame writable for them) go on with the frame. A mark is cleared where
 *   the frame enters another namespace (as veth does), so the host sees
 *   the mark of a port's ingress program, and later programs on the way
 *   see one set before (a port's egress, then links, then the receiver's
 *   ingress). The device the frame names (__sk_buff.ifindex, and the
 *   namespace and MTU helpers go by) is the port's on a port's direction;
 *   on a link's, a device of the module's own, the same for every frame
 *   whether its sender's port still exists or not: ifindex 0, the initial
 *   namespace, MTU 65535.
 * Verdict: TC_ACT_SHOT drops the frame, counted as VNET_DROP_PROG where
 *   the direction's emulated loss would count it (a port's own direction:
 *   that port; a link: the port whose host sent the frame) and shown to
 *   the port's captures as DROPPED; any other verdict passes it on
 *   (TC_ACT_OK, _UNSPEC, _PIPE and the rest alike: a TC_ACT_REDIRECT's
 *   redirect is not performed).
 * Attaching replaces what the direction had in one step: a frame meets the
 *   old program or the new one; the old one is released once no frame can
 *   be running it (an RCU grace period). A port or link deleted, and the
 *   file closed, releases its programs. The same program may sit on many
 *   directions.
 * prog_fd: a descriptor of the program (BPF_PROG_LOAD's), held by the
 *   module; the caller may close its descriptor once attached. -1: detach
 *   (nothing attached is fine).
 * Errors: -EINVAL reserved not zero, kind not VNET_PROG_*, dirs empty or
 *   with unknown bits, prog_fd a descriptor of something else than a BPF
 *   program or of a program of another type; -EBADF prog_fd is no open
 *   descriptor; -ENOENT no such port or link. Nothing changes on error.
 */
struct vnet_prog {
	__u32 id;
	__u32 kind;		/* VNET_PROG_* */
	__u32 dirs;		/* VNET_DIR_EGRESS/_INGRESS or _AB/_BA mask, not empty */
	__s32 prog_fd;		/* a BPF_PROG_TYPE_SCHED_CLS program; -1 detaches */
	__u32 reserved[4];
};

#define VNET_IOC_VERSION	_IOWR(VNET_IOC_MAGIC, VNET_CMD_VERSION, struct vnet_version)
#define VNET_IOC_SEGMENT_ADD	_IOWR(VNET_IOC_MAGIC, VNET_CMD_SEGMENT_ADD, struct vnet_segment)
#define VNET_IOC_SEGMENT_DEL	_IOW(VNET_IOC_MAGIC, VNET_CMD_SEGMENT_DEL, struct vnet_id)
#define VNET_IOC_PORT_ADD	_IOWR(VNET_IOC_MAGIC, VNET_CMD_PORT_ADD, struct vnet_port)
#define VNET_IOC_PORT_DEL	_IOW(VNET_IOC_MAGIC, VNET_CMD_PORT_DEL, struct vnet_id)
#define VNET_IOC_PORT_SET	_IOW(VNET_IOC_MAGIC, VNET_CMD_PORT_SET, struct vnet_port_set)
#define VNET_IOC_LINK_ADD	_IOWR(VNET_IOC_MAGIC, VNET_CMD_LINK_ADD, struct vnet_link)
#define VNET_IOC_LINK_DEL	_IOW(VNET_IOC_MAGIC, VNET_CMD_LINK_DEL, struct vnet_id)
#define VNET_IOC_BATCH		_IOWR(VNET_IOC_MAGIC, VNET_CMD_BATCH, struct vnet_batch)
#define VNET_IOC_STATS		_IOWR(VNET_IOC_MAGIC, VNET_CMD_STATS, struct vnet_stats)
#define VNET_IOC_PORT_STATE	_IOW(VNET_IOC_MAGIC, VNET_CMD_PORT_STATE, struct vnet_port_state)
#define VNET_IOC_LINK_SET	_IOW(VNET_IOC_MAGIC, VNET_CMD_LINK_SET, struct vnet_link_set)
#define VNET_IOC_LINK_STATE	_IOW(VNET_IOC_MAGIC, VNET_CMD_LINK_STATE, struct vnet_port_state)
#define VNET_IOC_PARTITION	_IOW(VNET_IOC_MAGIC, VNET_CMD_PARTITION, struct vnet_partition)
#define VNET_IOC_CAPTURE	_IOW(VNET_IOC_MAGIC, VNET_CMD_CAPTURE, struct vnet_capture)
#define VNET_IOC_PROG		_IOW(VNET_IOC_MAGIC, VNET_CMD_PROG, struct vnet_prog)

#endif /* _UAPI_LINUX_VNET_H */
