// SPDX-License-Identifier: GPL-2.0
/*
 * Partitions (VNET_IOC_PARTITION): a per-file table of IP address -> group
 * and a matrix of cut group pairs. The packet path reads the table under
 * RCU; a new one is built whole before it replaces the old, which is freed
 * after a grace period, so a refused table leaves the old in force.
 * Addresses of both families are 16-byte keys (IPv4 as ::ffff:a.b.c.d) in
 * one open-addressed hash of at least twice their number of slots (::
 * marks an empty slot), so a lookup is one or two probes.
 */
#include <linux/hash.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/log2.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/uaccess.h>
#include <net/ipv6.h>

#include "vnet_priv.h"

#define VNET_PART_NO_GROUP	U8_MAX

struct vnet_part_slot {
	struct in6_addr addr;
	u8 group;
};

struct vnet_part {
	u64 cut[VNET_PARTITION_MAX_GROUPS];	/* cut[from] bit to */
	struct vnet_part_slot *slots;		/* apart: a power of two */
	u32 bits;				/* 1 << bits slots */
	struct rcu_head rcu;
};

/* The slot holding @addr, or the empty slot where it would go. */
static struct vnet_part_slot *vnet_part_slot(struct vnet_part *part,
					     const struct in6_addr *addr)
{
	u32 mask = (1U << part->bits) - 1;
	u32 i = hash_32(ipv6_addr_hash(addr), part->bits);

	while (!ipv6_addr_any(&part->slots[i].addr) &&
	       !ipv6_addr_equal(&part->slots[i].addr, addr))
		i = (i + 1) & mask;
	return &part->slots[i];
}

static u8 vnet_part_group(struct vnet_part *part, const struct in6_addr *addr)
{
	struct vnet_part_slot *slot = vnet_part_slot(part, addr);

	return ipv6_addr_any(&slot->addr) ? VNET_PART_NO_GROUP : slot->group;
}

static bool vnet_part_cut(struct vnet_part *part, const struct in6_addr *saddr,
			  const struct in6_addr *daddr)
{
	u8 from = vnet_part_group(part, saddr), to;

	if (from == VNET_PART_NO_GROUP)
		return false;
	to = vnet_part_group(part, daddr);
	return to != VNET_PART_NO_GROUP && part->cut[from] & BIT_ULL(to);
}

/* Whether @skb, sent through a port of the file owning @part, is cut. */
static bool vnet_part_cuts(struct vnet_part *part, struct sk_buff *skb)
{
	__be16 proto = ((const struct ethhdr *)skb->data)->h_proto;
	const struct ipv6hdr *ip6h;
	const struct iphdr *iph;
	struct in6_addr saddr, daddr;

	if (proto == htons(ETH_P_IP)) {
		if (!pskb_may_pull(skb, ETH_HLEN + sizeof(*iph)))
			return false;
		iph = (const struct iphdr *)(skb->data + ETH_HLEN);
		ipv6_addr_set_v4mapped(iph->saddr, &saddr);
		ipv6_addr_set_v4mapped(iph->daddr, &daddr);
		return vnet_part_cut(part, &saddr, &daddr);
	}
	if (proto != htons(ETH_P_IPV6) ||
	    !pskb_may_pull(skb, ETH_HLEN + sizeof(*ip6h)))
		return false;
	ip6h = (const struct ipv6hdr *)(skb->data + ETH_HLEN);
	return vnet_part_cut(part, &ip6h->saddr, &ip6h->daddr);
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
	if (req->addr_size != sizeof(struct vnet_partition_addr) &&
	    req->addr_size != sizeof(struct vnet_partition_addr6))
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

/* The key of an AF_INET6 record's address or an AF_INET one's (v4-mapped). */
static int vnet_part_key6(const struct vnet_partition_addr6 *a,
			  struct in6_addr *key)
{
	__be32 addr4;

	switch (a->family) {
	case AF_INET:
		if (memchr_inv(a->addr + sizeof(addr4), 0,
			       sizeof(a->addr) - sizeof(addr4)))
			return -EINVAL;
		memcpy(&addr4, a->addr, sizeof(addr4));
		ipv6_addr_set_v4mapped(addr4, key);
		return addr4 ? 0 : -EINVAL;
	case AF_INET6:
		memcpy(key, a->addr, sizeof(*key));
		/* A mapped address is an AF_INET one's key: it would alias it. */
		return ipv6_addr_any(key) || ipv6_addr_v4mapped(key) ? -EINVAL : 0;
	}
	return -EINVAL;
}

/* Record @i of @addrs, of req->addr_size bytes: its key and group. */
static int vnet_part_record(const struct vnet_partition *req,
			    const void *addrs, u32 i, struct in6_addr *key,
			    u32 *group)
{
	const struct vnet_partition_addr6 *a6 = addrs;
	const struct vnet_partition_addr *a = addrs;

	if (req->addr_size == sizeof(*a6)) {
		*group = a6[i].group;
		return vnet_part_key6(&a6[i], key);
	}
	*group = a[i].group;
	ipv6_addr_set_v4mapped(a[i].addr, key);
	return a[i].addr ? 0 : -EINVAL;
}

static int vnet_part_add(struct vnet_part *part, u32 groups,
			 const struct in6_addr *key, u32 group)
{
	struct vnet_part_slot *slot;

	if (group >= groups)
		return -EINVAL;
	slot = vnet_part_slot(part, key);
	if (!ipv6_addr_any(&slot->addr))
		return -EINVAL;	/* given twice */
	slot->addr = *key;
	slot->group = group;
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
					 const void *addrs)
{
	u32 bits = ilog2(roundup_pow_of_two(req->count)) + 1;
	struct vnet_part *part;
	struct in6_addr key;
	int err = -ENOMEM;
	u32 i, group;

	part = kzalloc(sizeof(*part), GFP_KERNEL);
	if (!part)
		return ERR_PTR(-ENOMEM);
	part->bits = bits;
	part->slots = kvcalloc(1U << bits, sizeof(*part->slots), GFP_KERNEL);
	if (!part->slots)
		goto out_free;
	memcpy(part->cut, req->cut, sizeof(part->cut));
	for (i = 0; i < req->count; i++) {
		err = vnet_part_record(req, addrs, i, &key, &group);
		if (!err)
			err = vnet_part_add(part, req->groups, &key, group);
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
	struct vnet_part *part;
	void *addrs;
	int err = vnet_partition_check(req);

	if (err)
		return ERR_PTR(err);
	if (!req->count)
		return NULL;
	addrs = vmemdup_user(u64_to_user_ptr(req->addrs),
			     array_size(req->count, req->addr_size));
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
