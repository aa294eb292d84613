// SPDX-License-Identifier: GPL-2.0
/*
 * Captures (VNET_IOC_CAPTURE): frames of ports copied into a ring that a
 * descriptor of their own reads. A port points (RCU) to the set of captures
 * that hold it, so a port nobody captures pays one pointer test a point.
 * Writers (the packet path, any CPU) serialise on the capture's lock and
 * never wait for the reader: a record that does not fit is dropped and
 * counted in the next one. The one reader advances the tail alone. Sets
 * change under RTNL by copy; a capture is freed one grace period after it
 * left every port, so the packet path never sees it go.
 */
#include <linux/anon_inodes.h>
#include <linux/filter.h>
#include <linux/file.h>
#include <linux/log2.h>
#include <linux/poll.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "vnet_priv.h"

#define VNET_CAP_POINTS	(VNET_POINT_BEFORE | VNET_POINT_AFTER | \
			 VNET_POINT_DROPPED)
#define VNET_CAP_DIRS	(VNET_DIR_EGRESS | VNET_DIR_INGRESS)
#define VNET_REC_ALIGN	8

struct vnet_cap {
	/* packet path */
	spinlock_t lock;		/* writers: head, lost */
	u64 head;			/* bytes written; read: acquire */
	u64 tail;			/* bytes read; the reader's, release */
	u32 lost;			/* records dropped since the last one */
	u8 *ring;
	u32 mask;			/* ring size - 1: a power of two */
	u32 points;
	u32 dirs;
	u32 snaplen;
	struct bpf_prog *filter;	/* NULL: every frame */
	wait_queue_head_t wait;
	/* slow path */
	struct mutex read_lock;		/* one reader at a time */
	u32 live;			/* ports not gone; RTNL, read: acquire */
	u32 count;
	struct vnet_priv *ports[];	/* NULL once gone; RTNL */
};

/* The captures of one port: replaced whole under RTNL, read under RCU. */
struct vnet_capset {
	struct rcu_head rcu;
	unsigned int n;
	struct vnet_cap *cap[];
};

/*
 * Ordering: a writer fills a record, then publishes head; the reader copies
 * records out, then publishes tail, so a writer never overwrites unread
 * bytes; live drops after a port's GONE record is in, so a reader that sees
 * every port gone also sees the records before. Each publish is a release,
 * each look an acquire.
 */
static u64 vnet_cap_head(struct vnet_cap *cap)
{
	/* Pairs with vnet_cap_set(): the bytes before head are written. */
	return smp_load_acquire(&cap->head);
}

static u64 vnet_cap_tail(struct vnet_cap *cap)
{
	/* Pairs with vnet_cap_set(): the bytes before tail were read. */
	return smp_load_acquire(&cap->tail);
}

static u32 vnet_cap_live(struct vnet_cap *cap)
{
	/* Pairs with vnet_cap_set(): GONE records are in before. */
	return smp_load_acquire(&cap->live);
}

#define vnet_cap_set(field, value)	smp_store_release(field, value)	/* see above */

/*
 * A record is there to read, or records were dropped (their LOST record is),
 * or every port is gone (end of file).
 */
static bool vnet_cap_readable(struct vnet_cap *cap)
{
	return !vnet_cap_live(cap) || vnet_cap_head(cap) != vnet_cap_tail(cap) ||
	       READ_ONCE(cap->lost);
}

/* Copies @len bytes in at ring position @pos, across the ring's end. */
static void vnet_ring_put(struct vnet_cap *cap, u64 pos, const void *src,
			  u32 len)
{
	u32 off = pos & cap->mask;
	u32 n = min(len, cap->mask + 1 - off);

	memcpy(cap->ring + off, src, n);
	memcpy(cap->ring, src + n, len - n);
}

static void vnet_ring_put_skb(struct vnet_cap *cap, u64 pos,
			      const struct sk_buff *skb, u32 len)
{
	u32 off = pos & cap->mask;
	u32 n = min(len, cap->mask + 1 - off);

	/* Within skb->len: cannot fail. */
	WARN_ON_ONCE(skb_copy_bits(skb, 0, cap->ring + off, n) ||
		     skb_copy_bits(skb, n, cap->ring, len - n));
}

static void vnet_cap_write(struct vnet_cap *cap,
			   struct vnet_capture_record *rec,
			   const struct sk_buff *skb)
{
	u32 size = ALIGN(sizeof(*rec) + rec->caplen, VNET_REC_ALIGN);
	u64 head;

	spin_lock_bh(&cap->lock);
	head = cap->head;
	if (head + size - vnet_cap_tail(cap) > cap->mask + 1) {
		WRITE_ONCE(cap->lost, cap->lost + 1);
		spin_unlock_bh(&cap->lock);
		return;
	}
	rec->lost = cap->lost;
	WRITE_ONCE(cap->lost, 0);
	vnet_ring_put(cap, head, rec, sizeof(*rec));
	if (rec->caplen)
		vnet_ring_put_skb(cap, head + sizeof(*rec), skb, rec->caplen);
	vnet_cap_set(&cap->head, head + size);
	spin_unlock_bh(&cap->lock);
	if (wq_has_sleeper(&cap->wait))
		wake_up_interruptible(&cap->wait);
}

static void vnet_cap_frame(struct vnet_cap *cap, struct vnet_priv *vp,
			   struct sk_buff *skb, u32 dir, u32 point, u8 reason)
{
	struct vnet_capture_record rec = {
		.port = vp->id, .dir = dir, .point = point, .reason = reason,
		.len = skb->len,
	};
	u32 keep = cap->snaplen;

	if (!(cap->dirs & dir) || !(cap->points & point))
		return;
	if (cap->filter) {
		keep = min(keep, bpf_prog_run_save_cb(cap->filter, skb));
		if (!keep)
			return;
	}
	rec.caplen = min(skb->len, keep);
	rec.ts_ns = ktime_get_real_ns();
	vnet_cap_write(cap, &rec, skb);
}

/* @vp is captured (as far as a racy look tells): every capture of it. */
void vnet_capture_frame(struct vnet_priv *vp, struct sk_buff *skb, u32 dir,
			u32 point, enum vnet_drop_reason reason)
{
	struct vnet_capset *set;
	unsigned int i;

	rcu_read_lock();
	set = rcu_dereference(vp->caps);
	for (i = 0; set && i < set->n; i++)
		vnet_cap_frame(set->cap[i], vp, skb, dir, point, reason);
	rcu_read_unlock();
}

void vnet_drop(struct vnet_priv *vp, struct sk_buff *skb, u32 dir,
	       enum vnet_drop_reason reason)
{
	vnet_stats_drop(vp, reason);
	if (vp && dir && unlikely(rcu_access_pointer(vp->caps)))
		vnet_capture_frame(vp, skb, dir, VNET_POINT_DROPPED, reason);
	kfree_skb(skb);
}

/* @vp's captures with @add added, or without @drop (NULL when none is left). */
static struct vnet_capset *vnet_capset_copy(struct vnet_priv *vp,
					    struct vnet_cap *add,
					    struct vnet_cap *drop, gfp_t gfp)
{
	struct vnet_capset *old = rtnl_dereference(vp->caps), *set;
	unsigned int n = old ? old->n : 0, i, j = 0;

	if (!add && n <= 1)
		return NULL;
	set = kmalloc(struct_size(set, cap, n + !!add), gfp);
	if (!set)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < n; i++)
		if (old->cap[i] != drop)
			set->cap[j++] = old->cap[i];
	if (add)
		set->cap[j++] = add;
	set->n = j;
	return set;
}

static void vnet_capset_replace(struct vnet_priv *vp, struct vnet_capset *set)
{
	struct vnet_capset *old = rtnl_dereference(vp->caps);

	rcu_assign_pointer(vp->caps, set);
	if (old)
		kfree_rcu(old, rcu);
}

/* @cap no longer hears of @vp (the capture or the port goes). RTNL. */
static void vnet_cap_leave(struct vnet_cap *cap, struct vnet_priv *vp)
{
	unsigned int i;

	for (i = 0; i < cap->count; i++)
		if (cap->ports[i] == vp)
			cap->ports[i] = NULL;
	vnet_cap_set(&cap->live, cap->live - 1);
	wake_up_interruptible(&cap->wait);
}

/* The port is being deleted: each capture gets a GONE record. RTNL. */
void vnet_capture_port_gone(struct vnet_priv *vp)
{
	struct vnet_capset *set = rtnl_dereference(vp->caps);
	struct vnet_capture_record rec = {
		.port = vp->id, .point = VNET_POINT_GONE,
	};
	unsigned int i;

	if (!set)
		return;
	rec.ts_ns = ktime_get_real_ns();
	for (i = 0; i < set->n; i++) {
		vnet_cap_write(set->cap[i], &rec, NULL);
		vnet_cap_leave(set->cap[i], vp);
	}
	vnet_capset_replace(vp, NULL);
}

static void vnet_cap_free(struct vnet_cap *cap)
{
	if (cap->filter)
		bpf_prog_destroy(cap->filter);
	vfree(cap->ring);
	kvfree(cap);
}

static int vnet_cap_release(struct inode *inode, struct file *file)
{
	struct vnet_cap *cap = file->private_data;
	struct vnet_priv *vp;
	unsigned int i;

	rtnl_lock();
	for (i = 0; i < cap->count; i++) {
		vp = cap->ports[i];
		if (!vp)
			continue;
		/* Small, and nothing to undo on the way out. */
		vnet_capset_replace(vp, vnet_capset_copy(vp, NULL, cap,
							 GFP_KERNEL | __GFP_NOFAIL));
		cap->ports[i] = NULL;
	}
	rtnl_unlock();
	/* The packet path may still hold an old set naming @cap. */
	synchronize_net();
	vnet_cap_free(cap);
	return 0;
}

/*
 * With read_lock held: waits until a record is there or every port is gone
 * (then 0, still holding it); on an error it is released.
 */
static int vnet_cap_wait(struct vnet_cap *cap, struct file *file, u64 *head)
{
	for (;;) {
		bool live = vnet_cap_live(cap);

		*head = vnet_cap_head(cap);
		if (*head != cap->tail || !live || READ_ONCE(cap->lost))
			return 0;
		mutex_unlock(&cap->read_lock);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(cap->wait, vnet_cap_readable(cap)))
			return -ERESTARTSYS;
		if (mutex_lock_interruptible(&cap->read_lock))
			return -ERESTARTSYS;
	}
}

/* Copies @len bytes at ring position @pos out to @buf. */
static int vnet_ring_get(struct vnet_cap *cap, u64 pos, char __user *buf,
			 u32 len)
{
	u32 off = pos & cap->mask;
	u32 n = min(len, cap->mask + 1 - off);

	if (copy_to_user(buf, cap->ring + off, n) ||
	    copy_to_user(buf + n, cap->ring, len - n))
		return -EFAULT;
	return 0;
}

/*
 * The records dropped since the last one written, as a LOST record, when
 * nothing is left to read before them (the next record would carry them, but
 * none may come). With read_lock held.
 */
static bool vnet_cap_take_lost(struct vnet_cap *cap, u64 tail,
			       struct vnet_capture_record *rec)
{
	bool taken;

	spin_lock_bh(&cap->lock);
	taken = cap->lost && cap->head == tail;
	if (taken) {
		*rec = (struct vnet_capture_record) {
			.point = VNET_POINT_LOST, .lost = cap->lost,
			.ts_ns = ktime_get_real_ns(),
		};
		WRITE_ONCE(cap->lost, 0);
	}
	spin_unlock_bh(&cap->lock);
	return taken;
}

static ssize_t vnet_cap_read(struct file *file, char __user *buf, size_t len,
			     loff_t *ppos)
{
	struct vnet_cap *cap = file->private_data;
	struct vnet_capture_record rec;
	u64 head, tail;
	size_t done = 0;
	u32 off, n, size;
	int err;

	if (mutex_lock_interruptible(&cap->read_lock))
		return -ERESTARTSYS;
again:
	err = vnet_cap_wait(cap, file, &head);
	if (err)
		return err;
	for (tail = cap->tail; tail != head; tail += size) {
		off = tail & cap->mask;
		n = min_t(u32, sizeof(rec), cap->mask + 1 - off);
		memcpy(&rec, cap->ring + off, n);
		memcpy((u8 *)&rec + n, cap->ring, sizeof(rec) - n);
		size = ALIGN(sizeof(rec) + rec.caplen, VNET_REC_ALIGN);
		if (done + size > len)
			break;
		err = vnet_ring_get(cap, tail, buf + done, size);
		if (err)
			break;
		done += size;
	}
	vnet_cap_set(&cap->tail, tail);
	if (!err && done + sizeof(rec) <= len) {
		if (vnet_cap_take_lost(cap, tail, &rec)) {
			if (copy_to_user(buf + done, &rec, sizeof(rec)))
				err = -EFAULT;
			else
				done += sizeof(rec);
		} else if (!done && head == tail && vnet_cap_live(cap)) {
			/* Woken for losses a record written since carries. */
			goto again;
		}
	}
	mutex_unlock(&cap->read_lock);
	if (done)
		return done;
	return err ?: (head != tail || READ_ONCE(cap->lost) ? -EINVAL : 0);
}

static __poll_t vnet_cap_poll(struct file *file, poll_table *wait)
{
	struct vnet_cap *cap = file->private_data;

	poll_wait(file, &cap->wait, wait);
	return vnet_cap_readable(cap) ? EPOLLIN | EPOLLRDNORM : 0;
}

static const struct file_operations vnet_cap_fops = {
	.owner		= THIS_MODULE,
	.read		= vnet_cap_read,
	.poll		= vnet_cap_poll,
	.release	= vnet_cap_release,
	.llseek		= noop_llseek,
};

static int vnet_capture_check(const struct vnet_capture *req)
{
	if (req->reserved[0] || req->reserved[1])
		return -EINVAL;
	if (!req->points || req->points & ~VNET_CAP_POINTS ||
	    !req->dirs || req->dirs & ~VNET_CAP_DIRS ||
	    !req->count || !req->snaplen || req->ring_bytes < VNET_CAPTURE_MIN_RING)
		return -EINVAL;
	if (req->count > VNET_CAPTURE_MAX_PORTS ||
	    req->snaplen > VNET_CAPTURE_MAX_SNAPLEN ||
	    req->ring_bytes > VNET_CAPTURE_MAX_RING ||
	    req->filter_len > VNET_CAPTURE_MAX_FILTER)
		return -E2BIG;
	/* The ring must hold at least one whole record. */
	if (roundup_pow_of_two(req->ring_bytes) <
	    ALIGN(sizeof(struct vnet_capture_record) + req->snaplen,
		  VNET_REC_ALIGN))
		return -EINVAL;
	return 0;
}

static int vnet_cap_filter(struct vnet_cap *cap, const struct vnet_capture *req)
{
	struct sock_fprog_kern prog = { .len = req->filter_len };
	int err;

	if (!req->filter_len)
		return 0;
	prog.filter = memdup_user(u64_to_user_ptr(req->filter),
				  array_size(req->filter_len,
					     sizeof(struct sock_filter)));
	if (IS_ERR(prog.filter))
		return PTR_ERR(prog.filter);
	err = bpf_prog_create(&cap->filter, &prog);
	kfree(prog.filter);
	return err;
}

static struct vnet_cap *vnet_cap_alloc(const struct vnet_capture *req)
{
	u32 size = roundup_pow_of_two(req->ring_bytes);
	struct vnet_cap *cap;
	int err;

	cap = kvzalloc(struct_size(cap, ports, req->count), GFP_KERNEL);
	if (!cap)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&cap->lock);
	init_waitqueue_head(&cap->wait);
	mutex_init(&cap->read_lock);
	cap->mask = size - 1;
	cap->points = req->points;
	cap->dirs = req->dirs;
	cap->snaplen = req->snaplen;
	cap->count = req->count;
	cap->ring = vmalloc(size);
	err = cap->ring ? vnet_cap_filter(cap, req) : -ENOMEM;
	if (err) {
		vnet_cap_free(cap);
		return ERR_PTR(err);
	}
	return cap;
}

/*
 * Puts @cap on the ports @ids names, all or none: every new set is made
 * before any is published. RTNL.
 */
static int vnet_cap_attach(struct vnet_file *vf, struct vnet_cap *cap,
			   const u32 *ids)
{
	struct vnet_capset **sets;
	struct vnet_priv *vp;
	int err = 0;
	u32 i, j;

	sets = kcalloc(cap->count, sizeof(*sets), GFP_KERNEL);
	if (!sets)
		return -ENOMEM;
	for (i = 0; i < cap->count && !err; i++) {
		vp = ids[i] ? idr_find(&vf->ports, ids[i]) : NULL;
		err = vp ? 0 : -ENOENT;
		for (j = 0; j < i && !err; j++)
			if (cap->ports[j] == vp)
				err = -EINVAL;
		if (err)
			break;
		cap->ports[i] = vp;
		sets[i] = vnet_capset_copy(vp, cap, NULL, GFP_KERNEL);
		if (IS_ERR(sets[i])) {
			err = PTR_ERR(sets[i]);
			sets[i] = NULL;
		}
	}
	for (i = 0; i < cap->count; i++) {
		if (err)
			kfree(sets[i]);
		else
			vnet_capset_replace(cap->ports[i], sets[i]);
	}
	if (err)
		memset(cap->ports, 0, cap->count * sizeof(cap->ports[0]));
	else
		cap->live = cap->count;
	kfree(sets);
	return err;
}

int vnet_ioctl_capture(struct vnet_file *vf, void __user *argp)
{
	struct vnet_capture req;
	struct vnet_cap *cap;
	struct file *file;
	u32 *ids;
	int fd, err;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	err = vnet_capture_check(&req);
	if (err)
		return err;
	ids = memdup_user(u64_to_user_ptr(req.ports),
			  array_size(req.count, sizeof(*ids)));
	if (IS_ERR(ids))
		return PTR_ERR(ids);
	cap = vnet_cap_alloc(&req);
	if (IS_ERR(cap)) {
		err = PTR_ERR(cap);
		goto out_ids;
	}
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		vnet_cap_free(cap);
		err = fd;
		goto out_ids;
	}
	/* From here on the file owns @cap: its release undoes everything. */
	file = anon_inode_getfile("[vnet-capture]", &vnet_cap_fops, cap,
				  O_RDONLY | O_CLOEXEC);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		vnet_cap_free(cap);
		err = PTR_ERR(file);
		goto out_ids;
	}
	rtnl_lock();
	err = vnet_cap_attach(vf, cap, ids);
	rtnl_unlock();
	if (err) {
		put_unused_fd(fd);
		fput(file);
		goto out_ids;
	}
	fd_install(fd, file);
	err = fd;
out_ids:
	kfree(ids);
	return err;
}
