/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnet private definitions.
 *
 * Locking: every configuration change (segments, ports, links, shaping
 * parameters, file id tables) runs under RTNL, which port creation needs
 * anyway and which netns teardown already holds when it deletes our ports.
 * The packet path takes no lock but a shaper's own queue lock: it walks
 * segment members and the switch's MAC table under RCU and counts in
 * per-cpu counters.
 */
#ifndef _VNET_PRIV_H
#define _VNET_PRIV_H

#include <linux/etherdevice.h>
#include <linux/hrtimer.h>
#include <linux/idr.h>
#include <linux/netdevice.h>
#include <linux/prandom.h>
#include <linux/skbuff.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>

#include <linux/vnet.h>	/* our uapi header: see Kbuild */

#define VNET_FDB_BITS		8
#define VNET_FDB_MAX		8192
#define VNET_AGEING_DEFAULT_MS	300000
#define VNET_LIMIT_DEFAULT	1000
#define VNET_DELAY_MAX_NS	(60ULL * NSEC_PER_SEC)
#define VNET_PPM		1000000
#define VNET_LIMIT_MAX		1000000
#define VNET_RATE_MIN_BPS	1000

/* The open /dev/vnet file that owns a set of objects. */
struct vnet_file {
	struct idr segs;
	struct idr ports;
	struct idr links;
	struct vnet_part __rcu *part;	/* partition.c; NULL: none */
};

enum vnet_member_kind {
	VNET_MEMBER_PORT,
	VNET_MEMBER_LINK_END,
};

/* Anything a segment delivers frames to: a port or one end of a link. */
struct vnet_member {
	struct list_head seg_node;	/* in vnet_seg.members, RCU */
	struct vnet_seg __rcu *seg;
	struct vnet_member *peer;	/* the other end of a link */
	enum vnet_member_kind kind;
	bool pending_del;		/* deleted by a batch not yet committed */
};

struct vnet_fdb_entry {
	struct hlist_node node;		/* RCU */
	struct vnet_member *member;	/* RCU-protected by the entry itself */
	unsigned long updated;		/* jiffies */
	u8 addr[ETH_ALEN];
	struct rcu_head rcu;
};

struct vnet_seg {
	/* fast path */
	struct list_head members;	/* vnet_member, RCU */
	u32 kind;			/* enum vnet_segment_kind */
	unsigned long ageing;		/* jiffies */
	spinlock_t fdb_lock;		/* fdb writers */
	unsigned int fdb_count;
	struct hlist_head fdb[1 << VNET_FDB_BITS];
	/* slow path */
	unsigned int nmembers;		/* RTNL */
	u32 id;
	bool pending_del;		/* deleted by a batch not yet committed */
	u32 walk_gen;			/* loop detection, RTNL */
	struct list_head walk_node;
	struct delayed_work fdb_gc;
	struct rcu_head rcu;
};

/* Time-to-send of a frame waiting in a shaper; links crossed before it. */
struct vnet_skb_cb {
	u64 time_to_send;
	u32 hops;
};

static inline struct vnet_skb_cb *vnet_skb_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct vnet_skb_cb) > sizeof(skb->cb));
	return (struct vnet_skb_cb *)skb->cb;
}

/* A shaper's random numbers: seeded (reproducible) or the kernel's pool. */
struct vnet_random {
	struct rnd_state state;
	bool seeded;
};

enum vnet_shaper_kind {
	VNET_SHAPER_EGRESS,	/* of a port: what its host sends */
	VNET_SHAPER_INGRESS,	/* of a port: what its host receives */
	VNET_SHAPER_LINK_AB,	/* of a link: what goes from segment_a to _b */
	VNET_SHAPER_LINK_BA,	/* and back */
};

/* netem-like emulation of one direction of a port or a link. */
struct vnet_shaper {
	/* fast path */
	bool active;			/* READ_ONCE: frames need the queue */
	spinlock_t lock;		/* queue, link_free, params */
	struct sk_buff_head queue;	/* ordered by time_to_send */
	struct hrtimer timer;		/* armed at the head's time_to_send */
	u64 link_free_ns;		/* when the emulated wire is idle again */
	u64 tail_ns;			/* time_to_send of the queue's tail */
	struct vnet_shape params;
	struct vnet_random random;	/* loss, duplication, jitter */
	/* slow path */
	enum vnet_shaper_kind kind;
};

struct vnet_pcpu_stats {
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	u64_stats_t drops[__VNET_DROP_MAX];
	struct u64_stats_sync syncp;
};

/* Private part of a port's net_device. */
struct vnet_priv {
	/* fast path */
	struct vnet_member member;
	struct net_device *dev;
	struct vnet_pcpu_stats __percpu *stats;
	struct vnet_shaper egress;
	struct vnet_shaper ingress;
	bool unplugged;			/* PORT_STATE carrier 0; RTNL, READ_ONCE */
	struct vnet_capset __rcu *caps;	/* capture.c; NULL: not captured */
	struct bpf_prog __rcu *prog[2];	/* prog.c: egress, ingress; NULL: none */
	/* slow path */
	struct vnet_file *file;		/* NULL once deleted */
	u32 id;
};

static inline struct vnet_priv *vnet_member_port(struct vnet_member *m)
{
	return container_of(m, struct vnet_priv, member);
}

/*
 * A link between two segments (VNET_IOC_LINK_ADD), as if a cable joined a
 * port of each; "lnk" only because the uapi's struct vnet_link is its request.
 * end[0] sits on segment_a; shaper[i] takes what enters at end[i], so
 * shaper[0] is direction VNET_DIR_AB.
 */
struct vnet_lnk {
	struct vnet_member end[2];
	struct vnet_shaper shaper[2];
	struct bpf_prog __rcu *prog[2];	/* prog.c: AB, BA; NULL: none */
	bool unplugged;			/* LINK_STATE carrier 0; RTNL, READ_ONCE */
	bool shaped;			/* ever had a queue; RTNL */
	u32 id;
	struct rcu_head rcu;
};

/* device.c */
int vnet_port_create(struct vnet_file *vf, const struct vnet_port *req,
		     struct vnet_seg *seg, struct vnet_priv **out);
void vnet_port_destroy(struct vnet_priv *vp, struct list_head *kill_list);
void vnet_port_receive(struct vnet_priv *vp, struct sk_buff *skb);
void vnet_port_send(struct vnet_priv *vp, struct sk_buff *skb);
void vnet_port_plug(struct vnet_priv *vp, bool plugged);
int vnet_device_init(void);
void vnet_device_exit(void);

/* segment.c */
struct vnet_seg *vnet_seg_create(struct vnet_file *vf, u32 kind, u32 ageing_ms);
void vnet_seg_destroy(struct vnet_file *vf, struct vnet_seg *seg);
int vnet_seg_validate(const struct vnet_segment *req);
int vnet_seg_attach(struct vnet_seg *seg, struct vnet_member *m);
void vnet_seg_detach(struct vnet_member *m);
void vnet_seg_update_carrier(struct vnet_seg *seg);
unsigned int vnet_seg_live_members(const struct vnet_seg *seg);
bool vnet_seg_full(const struct vnet_seg *seg);
void vnet_seg_forward(struct vnet_member *from, struct sk_buff *skb,
		      struct vnet_priv *origin, unsigned int hops);
int vnet_link_create(struct vnet_file *vf, struct vnet_seg *a,
		     struct vnet_seg *b, struct vnet_lnk **out);
void vnet_link_destroy(struct vnet_file *vf, struct vnet_lnk *link);

/* link.c */
int vnet_link_dev_init(void);
void vnet_link_dev_exit(void);
void vnet_link_init(struct vnet_lnk *link);
void vnet_link_release(struct vnet_lnk *link);
void vnet_link_carry(struct vnet_member *end, struct sk_buff *skb,
		     struct vnet_priv *origin, unsigned int hops);
void vnet_link_shaper_deliver(struct vnet_shaper *sh, struct sk_buff *skb);
void vnet_link_shape(struct vnet_lnk *link, u32 dirs,
		     const struct vnet_shape *ab, const struct vnet_shape *ba);
void vnet_link_plug(struct vnet_lnk *link, bool plugged);

/* shaping.c */
void vnet_shaper_init(struct vnet_shaper *sh, enum vnet_shaper_kind kind);
void vnet_shaper_set(struct vnet_shaper *sh, const struct vnet_shape *shape);
void vnet_shaper_enqueue(struct vnet_shaper *sh, struct sk_buff *skb);
void vnet_shaper_enqueue_from(struct vnet_shaper *sh, struct sk_buff *skb,
			      struct vnet_priv *origin);
void vnet_shaper_purge(struct vnet_shaper *sh);
void vnet_shaper_get_random(struct vnet_shaper *sh, struct vnet_random *out);
void vnet_shaper_set_random(struct vnet_shaper *sh,
			    const struct vnet_random *random);
void vnet_random_seed(struct vnet_random *random, u64 seed);
int vnet_shape_validate(const struct vnet_shape *shape);

/* stats.c */
void vnet_stats_rx(struct vnet_priv *vp, unsigned int len);
void vnet_stats_tx(struct vnet_priv *vp, unsigned int len);
void vnet_stats_drop(struct vnet_priv *vp, enum vnet_drop_reason reason);
void vnet_stats_read(struct vnet_priv *vp, struct vnet_port_stats *out);
void vnet_get_stats64(struct net_device *dev, struct rtnl_link_stats64 *s);
int vnet_ioctl_stats(struct vnet_file *vf, void __user *argp);

/* partition.c */
bool vnet_partition_drop(struct vnet_priv *vp, struct sk_buff *skb);
int vnet_ioctl_partition(struct vnet_file *vf, void __user *argp);
void vnet_partition_free(struct vnet_file *vf);

/* capture.c */
void vnet_capture_frame(struct vnet_priv *vp, struct sk_buff *skb, u32 dir,
			u32 point, enum vnet_drop_reason reason);
void vnet_capture_port_gone(struct vnet_priv *vp);
int vnet_ioctl_capture(struct vnet_file *vf, void __user *argp);
/*
 * Drops @skb, counted on @vp (NULL: nowhere); @dir (VNET_DIR_*) when the
 * drop is @vp's own emulation's or state's, shown to its captures, else 0.
 */
void vnet_drop(struct vnet_priv *vp, struct sk_buff *skb, u32 dir,
	       enum vnet_drop_reason reason);

/* A frame passes @point of @vp's direction @dir: an uncaptured port's test. */
static inline void vnet_capture(struct vnet_priv *vp, struct sk_buff *skb,
				u32 dir, u32 point)
{
	if (unlikely(rcu_access_pointer(vp->caps)))
		vnet_capture_frame(vp, skb, dir, point, 0);
}

/* prog.c */
bool vnet_prog_run(struct bpf_prog __rcu *const *slot, struct sk_buff *skb,
		   struct vnet_priv *vp, u32 dir);
void vnet_prog_release(struct bpf_prog __rcu **slots);
int vnet_ioctl_prog(struct vnet_file *vf, void __user *argp);

/*
 * Whether the program in @slot (a direction's) dropped @skb: counted on @vp
 * (NULL: nowhere), shown to its captures when @dir (VNET_DIR_*) is its own.
 * A direction without a program pays one pointer test.
 */
static inline bool vnet_prog_drop(struct bpf_prog __rcu *const *slot,
				  struct sk_buff *skb, struct vnet_priv *vp,
				  u32 dir)
{
	return unlikely(rcu_access_pointer(*slot)) &&
	       vnet_prog_run(slot, skb, vp, dir);
}

/* ioctl.c */
long vnet_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
void vnet_file_teardown(struct vnet_file *vf);

#endif /* _VNET_PRIV_H */
