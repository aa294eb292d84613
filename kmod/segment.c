// SPDX-License-Identifier: GPL-2.0
/*
 * Segments join members (ports and link ends) the way a cable, a hub or a
 * learning switch would. A switch learns source addresses per member, ages
 * them out, floods unknown, broadcast and multicast destinations and never
 * sends a frame back out of the member it came in on. Links join two
 * segments; the graph of segments and links is kept a forest (-ELOOP), so
 * flooding terminates without a spanning tree.
 */
#include <linux/jhash.h>
#include <linux/slab.h>
#include <linux/rtnetlink.h>

#include "vnet_priv.h"

#define VNET_AGEING_MAX_MS	(24U * 3600 * 1000)

/* Generation of the current loop-detection walk; RTNL. */
static u32 vnet_walk_gen;

static struct hlist_head *vnet_fdb_bucket(struct vnet_seg *seg, const u8 *addr)
{
	return &seg->fdb[jhash(addr, ETH_ALEN, 0) & ((1 << VNET_FDB_BITS) - 1)];
}

static struct vnet_fdb_entry *vnet_fdb_find(struct vnet_seg *seg,
					    const u8 *addr)
{
	struct vnet_fdb_entry *e;

	hlist_for_each_entry_rcu(e, vnet_fdb_bucket(seg, addr), node,
				 lockdep_is_held(&seg->fdb_lock))
		if (ether_addr_equal(e->addr, addr))
			return e;
	return NULL;
}

static bool vnet_fdb_expired(const struct vnet_seg *seg,
			     const struct vnet_fdb_entry *e)
{
	return time_after(jiffies, READ_ONCE(e->updated) + seg->ageing);
}

static void vnet_fdb_learn(struct vnet_seg *seg, const u8 *addr,
			   struct vnet_member *m)
{
	struct vnet_fdb_entry *e = vnet_fdb_find(seg, addr);
	unsigned long now = jiffies;

	if (likely(e)) {
		if (unlikely(READ_ONCE(e->member) != m))
			WRITE_ONCE(e->member, m);
		/* Spare the cache line when nothing changed. */
		if (READ_ONCE(e->updated) != now)
			WRITE_ONCE(e->updated, now);
		return;
	}

	spin_lock_bh(&seg->fdb_lock);
	if (vnet_fdb_find(seg, addr) || seg->fdb_count >= VNET_FDB_MAX)
		goto out_unlock;
	e = kmalloc(sizeof(*e), GFP_ATOMIC);
	if (!e)
		goto out_unlock;
	ether_addr_copy(e->addr, addr);
	e->member = m;
	e->updated = now;
	hlist_add_head_rcu(&e->node, vnet_fdb_bucket(seg, addr));
	seg->fdb_count++;
out_unlock:
	spin_unlock_bh(&seg->fdb_lock);
}

/* Forgets the entries pointing to @m (NULL: all of them, or expired ones). */
static void vnet_fdb_flush(struct vnet_seg *seg, struct vnet_member *m,
			   bool expired_only)
{
	struct vnet_fdb_entry *e;
	struct hlist_node *tmp;
	int i;

	spin_lock_bh(&seg->fdb_lock);
	for (i = 0; i < ARRAY_SIZE(seg->fdb); i++) {
		hlist_for_each_entry_safe(e, tmp, &seg->fdb[i], node) {
			if (m && e->member != m)
				continue;
			if (expired_only && !vnet_fdb_expired(seg, e))
				continue;
			hlist_del_rcu(&e->node);
			kfree_rcu(e, rcu);
			seg->fdb_count--;
		}
	}
	spin_unlock_bh(&seg->fdb_lock);
}

/* Expired entries are ignored at once; sweeping them can wait a little. */
static unsigned long vnet_fdb_gc_period(const struct vnet_seg *seg)
{
	return max_t(unsigned long, seg->ageing, HZ);
}

static void vnet_fdb_gc(struct work_struct *work)
{
	struct vnet_seg *seg = container_of(to_delayed_work(work),
					    struct vnet_seg, fdb_gc);

	vnet_fdb_flush(seg, NULL, true);
	schedule_delayed_work(&seg->fdb_gc, vnet_fdb_gc_period(seg));
}

int vnet_seg_validate(const struct vnet_segment *req)
{
	if (req->reserved)
		return -EINVAL;
	if (req->kind < VNET_SEG_P2P || req->kind >= __VNET_SEG_MAX)
		return -EINVAL;
	if (req->kind != VNET_SEG_SWITCH && req->ageing_ms)
		return -EINVAL;
	if (req->ageing_ms > VNET_AGEING_MAX_MS)
		return -ERANGE;
	return 0;
}

struct vnet_seg *vnet_seg_create(struct vnet_file *vf, u32 kind, u32 ageing_ms)
{
	struct vnet_seg *seg;
	int id;

	seg = kzalloc(sizeof(*seg), GFP_KERNEL);
	if (!seg)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&seg->members);
	INIT_LIST_HEAD(&seg->walk_node);
	spin_lock_init(&seg->fdb_lock);
	INIT_DELAYED_WORK(&seg->fdb_gc, vnet_fdb_gc);
	seg->kind = kind;
	seg->ageing = msecs_to_jiffies(ageing_ms ?: VNET_AGEING_DEFAULT_MS);

	id = idr_alloc(&vf->segs, seg, 1, VNET_ID_REF, GFP_KERNEL);
	if (id < 0) {
		kfree(seg);
		return ERR_PTR(id == -ENOSPC ? -EMFILE : id);
	}
	seg->id = id;
	if (kind == VNET_SEG_SWITCH)
		schedule_delayed_work(&seg->fdb_gc, vnet_fdb_gc_period(seg));
	return seg;
}

/* The segment has no members left. */
void vnet_seg_destroy(struct vnet_file *vf, struct vnet_seg *seg)
{
	idr_remove(&vf->segs, seg->id);
	cancel_delayed_work_sync(&seg->fdb_gc);
	vnet_fdb_flush(seg, NULL, false);
	kfree_rcu(seg, rcu);
}

/* Members not waiting for a batch to delete them. */
unsigned int vnet_seg_live_members(const struct vnet_seg *seg)
{
	const struct vnet_member *m;
	unsigned int n = 0;

	list_for_each_entry(m, &seg->members, seg_node)
		n += !m->pending_del;
	return n;
}

bool vnet_seg_full(const struct vnet_seg *seg)
{
	return seg->kind == VNET_SEG_P2P && vnet_seg_live_members(seg) >= 2;
}

/* A P2P cable carries frames once both ends are attached and plugged in. */
static bool vnet_p2p_complete(struct vnet_seg *seg)
{
	struct vnet_member *m;

	if (seg->nmembers < 2)
		return false;
	list_for_each_entry(m, &seg->members, seg_node)
		if (m->kind == VNET_MEMBER_PORT &&
		    vnet_member_port(m)->unplugged)
			return false;
	return true;
}

/*
 * A port has carrier while its own cable is plugged in and its segment can
 * carry frames to someone: hubs and switches at once, P2P when complete.
 */
void vnet_seg_update_carrier(struct vnet_seg *seg)
{
	bool on = seg->kind != VNET_SEG_P2P || vnet_p2p_complete(seg);
	struct vnet_member *m;
	struct vnet_priv *vp;

	list_for_each_entry(m, &seg->members, seg_node) {
		if (m->kind != VNET_MEMBER_PORT)
			continue;
		vp = vnet_member_port(m);
		if (on && !vp->unplugged)
			netif_carrier_on(vp->dev);
		else
			netif_carrier_off(vp->dev);
	}
}

int vnet_seg_attach(struct vnet_seg *seg, struct vnet_member *m)
{
	ASSERT_RTNL();
	if (vnet_seg_full(seg))
		return -EBUSY;
	list_add_tail_rcu(&m->seg_node, &seg->members);
	rcu_assign_pointer(m->seg, seg);
	seg->nmembers++;
	vnet_seg_update_carrier(seg);
	return 0;
}

void vnet_seg_detach(struct vnet_member *m)
{
	struct vnet_seg *seg = rtnl_dereference(m->seg);

	if (!seg)
		return;
	list_del_rcu(&m->seg_node);
	RCU_INIT_POINTER(m->seg, NULL);
	seg->nmembers--;
	vnet_fdb_flush(seg, m, false);
	vnet_seg_update_carrier(seg);
	if (m->kind == VNET_MEMBER_PORT)
		netif_carrier_off(vnet_member_port(m)->dev);
}

static void vnet_deliver(struct vnet_member *m, struct sk_buff *skb,
			 struct vnet_priv *origin, unsigned int hops)
{
	struct vnet_priv *vp;

	if (m->kind == VNET_MEMBER_LINK_END) {
		vnet_link_carry(m, skb, origin, hops);
		return;
	}

	vp = vnet_member_port(m);
	/*
	 * From here on the frame belongs to the receiving port's namespace
	 * (the sender of a frame that waited in a link is no longer known).
	 */
	skb_scrub_packet(skb, !origin ||
			 !net_eq(dev_net(origin->dev), dev_net(vp->dev)));
	skb->dev = vp->dev;
	vnet_capture(vp, skb, VNET_DIR_INGRESS, VNET_POINT_BEFORE);
	if (vnet_prog_drop(&vp->prog[1], skb, vp, VNET_DIR_INGRESS))
		return;
	if (READ_ONCE(vp->ingress.active))
		vnet_shaper_enqueue(&vp->ingress, skb);
	else
		vnet_port_receive(vp, skb);
}

static void vnet_flood(struct vnet_seg *seg, struct vnet_member *from,
		       struct sk_buff *skb, struct vnet_priv *origin,
		       unsigned int hops)
{
	struct vnet_member *m, *prev = NULL;
	struct sk_buff *clone;

	list_for_each_entry_rcu(m, &seg->members, seg_node) {
		if (m == from)
			continue;
		if (prev) {
			clone = skb_clone(skb, GFP_ATOMIC);
			if (clone)
				vnet_deliver(prev, clone, origin, hops);
			else
				vnet_stats_drop(origin, VNET_DROP_NO_DEST);
		}
		prev = m;
	}
	if (prev) {
		vnet_deliver(prev, skb, origin, hops);
		return;
	}
	vnet_drop(origin, skb, 0, VNET_DROP_NO_DEST);
}

/* Carries a frame that entered the segment through @from. RCU read side. */
void vnet_seg_forward(struct vnet_member *from, struct sk_buff *skb,
		      struct vnet_priv *origin, unsigned int hops)
{
	struct vnet_seg *seg = rcu_dereference(from->seg);
	const struct ethhdr *eth = (const struct ethhdr *)skb->data;
	struct vnet_fdb_entry *e;
	struct vnet_member *to;

	if (unlikely(!seg)) {
		vnet_drop(origin, skb, 0, VNET_DROP_NO_CARRIER);
		return;
	}

	if (seg->kind == VNET_SEG_SWITCH) {
		if (is_valid_ether_addr(eth->h_source))
			vnet_fdb_learn(seg, eth->h_source, from);
		e = is_unicast_ether_addr(eth->h_dest) ?
		    vnet_fdb_find(seg, eth->h_dest) : NULL;
		if (e && !vnet_fdb_expired(seg, e)) {
			to = READ_ONCE(e->member);
			if (to != from) {
				vnet_deliver(to, skb, origin, hops);
				return;
			}
			/* The destination sits behind the ingress member. */
			vnet_drop(origin, skb, 0, VNET_DROP_NO_DEST);
			return;
		}
	}
	vnet_flood(seg, from, skb, origin, hops);
}

/*
 * Visits the segments reachable from @from over live links, @from first,
 * until @visit returns true; returns whether it did. RTNL.
 */
static bool vnet_seg_walk(struct vnet_seg *from,
			  bool (*visit)(struct vnet_seg *seg, void *arg),
			  void *arg)
{
	struct vnet_seg *seg, *next;
	struct vnet_member *m;
	bool stopped = false;
	LIST_HEAD(queue);

	if (!++vnet_walk_gen)
		vnet_walk_gen = 1;
	from->walk_gen = vnet_walk_gen;
	list_add_tail(&from->walk_node, &queue);
	while (!list_empty(&queue)) {
		seg = list_first_entry(&queue, struct vnet_seg, walk_node);
		list_del_init(&seg->walk_node);
		if (stopped)
			continue;	/* drain the queue */
		if (visit(seg, arg)) {
			stopped = true;
			continue;
		}
		list_for_each_entry(m, &seg->members, seg_node) {
			if (m->kind != VNET_MEMBER_LINK_END || m->pending_del)
				continue;
			next = rtnl_dereference(m->peer->seg);
			if (next->walk_gen == vnet_walk_gen)
				continue;
			next->walk_gen = vnet_walk_gen;
			list_add_tail(&next->walk_node, &queue);
		}
	}
	return stopped;
}

static bool vnet_seg_is(struct vnet_seg *seg, void *target)
{
	return seg == target;
}

/*
 * After the tree changed shape, addresses may sit behind other members:
 * forget them all, as a switch does on a spanning-tree topology change.
 */
static bool vnet_seg_forget(struct vnet_seg *seg, void *unused)
{
	vnet_fdb_flush(seg, NULL, false);
	return false;
}

int vnet_link_create(struct vnet_file *vf, struct vnet_seg *a,
		     struct vnet_seg *b, struct vnet_lnk **out)
{
	struct vnet_lnk *link;
	int id, err;

	if (vnet_seg_walk(a, vnet_seg_is, b))
		return -ELOOP;
	if (vnet_seg_full(a) || vnet_seg_full(b))
		return -EBUSY;

	link = kzalloc(sizeof(*link), GFP_KERNEL);
	if (!link)
		return -ENOMEM;
	vnet_link_init(link);
	id = idr_alloc(&vf->links, link, 1, VNET_ID_REF, GFP_KERNEL);
	if (id < 0) {
		err = id == -ENOSPC ? -EMFILE : id;
		goto out_free;
	}
	link->id = id;
	/* Neither segment is full: attaching cannot fail. */
	vnet_seg_attach(a, &link->end[0]);
	vnet_seg_attach(b, &link->end[1]);
	vnet_seg_walk(a, vnet_seg_forget, NULL);
	*out = link;
	return 0;

out_free:
	kfree(link);
	return err;
}

void vnet_link_destroy(struct vnet_file *vf, struct vnet_lnk *link)
{
	struct vnet_seg *a = rtnl_dereference(link->end[0].seg);
	struct vnet_seg *b = rtnl_dereference(link->end[1].seg);

	idr_remove(&vf->links, link->id);
	vnet_seg_detach(&link->end[0]);
	vnet_seg_detach(&link->end[1]);
	vnet_seg_walk(a, vnet_seg_forget, NULL);
	vnet_seg_walk(b, vnet_seg_forget, NULL);
	vnet_link_release(link);
}
