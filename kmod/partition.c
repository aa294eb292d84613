// SPDX-License-Identifier: GPL-2.0
/*
 * Partitions (VNET_IOC_PARTITION): a per-file table of IPv4 address ->
 * group and a matrix of cut group pairs. The packet path reads the table
 * under RCU; a new one is built whole before it replaces the old, which is
 * freed after a grace period, so a refused table leaves the old in force.
 * Addresses sit in an open-addressed hash of at least twice their number of
 * slots (0.0.0.0 marks an empty slot), so a lookup is one or two probes.
 */
#include <linux/hash.h>
#include <linux/ip.h>
#include <linux/log2.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "vnet_priv.h"

#define VNET_PART_NO_GROUP	U8_MAX

struct vnet_part_slot {
	__be32 addr;
	u8 group;
};

struct vnet_part {
	u64 cut[VNET_PARTITION_MAX_GROUPS];	/* cut[from] bit to */
	struct vnet_part_slot *slots;		/* apart: a power of two */
	u32 bits;				/* 1 << bits slots */
	struct rcu_head rcu;
};

static u32 vnet_part_hash(const struct vnet_part *part, __be32 addr)
{
	return hash_32((__force u32)addr, part->bits);
}

/* The slot holding @addr, or the empty slot where it would go. */
static struct vnet_part_slot *vnet_part_slot(struct vnet_part *part,
					     __be32 addr)
{
	u32 mask = (1U << part->bits) - 1;
	u32 i = vnet_part_hash(part, addr);

	while (part->slots[i].addr && part->slots[i].addr != addr)
		i = (i + 1) & mask;
	return &part->slots[i];
}

static u8 vnet_part_group(struct vnet_part *part, __be32 addr)
{
	struct vnet_part_slot *slot = vnet_part_slot(part, addr);

	return slot->addr ? slot->group : VNET_PART_NO_GROUP;
}

/* Whether @skb, sent through a port of the file owning @part, is cut. */
static bool vnet_part_cuts(struct vnet_part *part, struct sk_buff *skb)
{
	const struct ethhdr *eth = (const struct ethhdr *)skb->data;
	const struct iphdr *iph;
	u8 from, to;

	if (eth->h_proto != htons(ETH_P_IP) ||
	    !pskb_may_pull(skb, ETH_HLEN + sizeof(*iph)))
		return false;
	iph = (const struct iphdr *)(skb->data + ETH_HLEN);
	from = vnet_part_group(part, iph->saddr);
	if (from == VNET_PART_NO_GROUP)
		return false;
	to = vnet_part_group(part, iph->daddr);
	return to != VNET_PART_NO_GROUP && part->cut[from] & BIT_ULL(to);
}

/*
 * @vp transmits @skb: true when a cut dropped it. Without a table, a NULL
 * test. The file outlives its ports' transmissions (release unregisters
 * them first), a deleted port's file is NULL.
 */
bool vnet_partition_drop(struct vnet_priv *vp, struct sk_buff *skb)
{
	struct vnet_file *vf = READ_ONCE(vp->file);
	struct vnet_part *part;
	bool cut;

	if (unlikely(!vf))
		return false;
	rcu_read_lock();
	part = rcu_dereference(vf->part);
	cut = unlikely(part) && vnet_part_cuts(part, skb);
	rcu_read_unlock();
	if (!cut)
		return false;
	vnet_drop(vp, skb, VNET_DIR_EGRESS, VNET_DROP_PARTITION);
	return true;
}

static int vnet_partition_check(const struct vnet_partition *req)
{
	u32 g;

	if (req->reserved)
		return -EINVAL;
	if (req->count > VNET_PARTITION_MAX_ADDRS ||
	    req->groups > VNET_PARTITION_MAX_GROUPS)
		return -E2BIG;
	if (req->addr_size != sizeof(struct vnet_partition_addr))
		return -EMSGSIZE;
	for (g = 0; g < VNET_PARTITION_MAX_GROUPS; g++) {
		if (!req->cut[g])
			continue;
		if (g >= req->groups || req->cut[g] >> 1 >> (req->groups - 1))
			return -EINVAL;
	}
	if (!req->count && req->groups)
		return -EINVAL;
	return 0;
}

static int vnet_part_add(struct vnet_part *part, u32 groups,
			 const struct vnet_partition_addr *a)
{
	struct vnet_part_slot *slot;

	if (!a->addr || a->group >= groups)
		return -EINVAL;
	slot = vnet_part_slot(part, a->addr);
	if (slot->addr)
		return -EINVAL;	/* given twice */
	slot->addr = a->addr;
	slot->group = a->group;
	return 0;
}

static void vnet_part_free(struct vnet_part *part)
{
	kvfree(part->slots);
	kfree(part);
}

static void vnet_part_free_rcu(struct rcu_head *head)
{
	vnet_part_free(container_of(head, struct vnet_part, rcu));
}

static struct vnet_part *vnet_part_build(const struct vnet_partition *req,
					 const struct vnet_partition_addr *addrs)
{
	u32 bits = ilog2(roundup_pow_of_two(req->count)) + 1;
	struct vnet_part *part;
	int err = -ENOMEM;
	u32 i;

	part = kzalloc(sizeof(*part), GFP_KERNEL);
	if (!part)
		return ERR_PTR(-ENOMEM);
	part->bits = bits;
	part->slots = kvcalloc(1U << bits, sizeof(*part->slots), GFP_KERNEL);
	if (!part->slots)
		goto out_free;
	memcpy(part->cut, req->cut, sizeof(part->cut));
	for (i = 0; i < req->count; i++) {
		err = vnet_part_add(part, req->groups, &addrs[i]);
		if (err)
			goto out_free;
	}
	return part;

out_free:
	vnet_part_free(part);
	return ERR_PTR(err);
}

/* The table @req describes, checked whole; NULL when it would drop nothing. */
static struct vnet_part *vnet_part_load(const struct vnet_partition *req)
{
	struct vnet_partition_addr *addrs;
	struct vnet_part *part;
	int err = vnet_partition_check(req);

	if (err)
		return ERR_PTR(err);
	if (!req->count)
		return NULL;
	addrs = vmemdup_user(u64_to_user_ptr(req->addrs),
			     array_size(req->count, sizeof(*addrs)));
	if (IS_ERR(addrs))
		return ERR_CAST(addrs);
	part = vnet_part_build(req, addrs);
	kvfree(addrs);
	if (!IS_ERR(part) && !memchr_inv(part->cut, 0, sizeof(part->cut))) {
		vnet_part_free(part);
		return NULL;
	}
	return part;
}

static void vnet_part_replace(struct vnet_file *vf, struct vnet_part *part)
{
	struct vnet_part *old;

	rtnl_lock();
	old = rcu_replace_pointer(vf->part, part, lockdep_rtnl_is_held());
	rtnl_unlock();
	if (old)
		call_rcu(&old->rcu, vnet_part_free_rcu);	/* rmmod waits: rcu_barrier() */
}

int vnet_ioctl_partition(struct vnet_file *vf, void __user *argp)
{
	struct vnet_partition *req;
	struct vnet_part *part;

	/* 536 bytes: too many for the stack of an ioctl. */
	req = memdup_user(argp, sizeof(*req));
	if (IS_ERR(req))
		return PTR_ERR(req);
	part = vnet_part_load(req);
	kfree(req);
	if (IS_ERR(part))
		return PTR_ERR(part);
	vnet_part_replace(vf, part);
	return 0;
}

/* The file is being released: no port of it transmits any more. */
void vnet_partition_free(struct vnet_file *vf)
{
	vnet_part_replace(vf, NULL);
}
