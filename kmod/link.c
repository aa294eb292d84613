// SPDX-License-Identifier: GPL-2.0
/*
 * Links as cables between segments: each direction has the shaper a port
 * direction has (shaping.c) and may have a program (prog.c), and the cable
 * can be pulled (LINK_STATE).
 * Frames of an unshaped, plugged-in link go straight on to the far segment;
 * those a link queued leave from its timer with their sender forgotten (the
 * port may be gone by then), so their later drops count nowhere.
 * On a link a frame names the link's device (skb->dev), not its sender's:
 * see vnet_link_dev.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>

#include "vnet_priv.h"

/*
 * The device frames name while on a link. A frame may wait in a link's
 * queue (up to the 60 s delay) longer than its sender's port lives, and
 * what reads skb->dev after the queue (a later link's program: its
 * __sk_buff.ifindex, helpers) must find a device there: this one lives as
 * long as the module. Holding the sender's device instead would make
 * deleting a port wait for its frames; NULL would crash helpers that
 * dereference skb->dev (bpf_clone_redirect(), bpf_check_mtu()). Never
 * registered: in no namespace's lists, ifindex 0; Ethernet with the largest
 * MTU a port may have, so bpf_check_mtu() passes what any port may send.
 * Every link sets it, queued or not, so a program sees the same device
 * whatever the links before it did.
 */
static struct net_device *vnet_link_dev;

static void vnet_link_dev_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->mtu = ETH_MAX_MTU;
}

int vnet_link_dev_init(void)
{
	vnet_link_dev = alloc_netdev(0, "vnet-link", NET_NAME_UNKNOWN,
				     vnet_link_dev_setup);
	return vnet_link_dev ? 0 : -ENOMEM;
}

/* Every file is closed: no link, so no frame on one, is left. */
void vnet_link_dev_exit(void)
{
	free_netdev(vnet_link_dev);
}

/* The direction that frames entering at @end take: 0 = VNET_DIR_AB. */
static unsigned int vnet_end_dir(const struct vnet_member *end)
{
	/* end[0] and end[1] are peers in one array. */
	return end > end->peer;
}

static struct vnet_lnk *vnet_end_link(struct vnet_member *end)
{
	return container_of(end - vnet_end_dir(end), struct vnet_lnk, end[0]);
}

void vnet_link_init(struct vnet_lnk *link)
{
	int i;

	for (i = 0; i < 2; i++) {
		link->end[i].kind = VNET_MEMBER_LINK_END;
		link->end[i].peer = &link->end[!i];
		vnet_shaper_init(&link->shaper[i], VNET_SHAPER_LINK_AB + i);
	}
}

/*
 * The link is off both segments. A link that ever queued frames waits for
 * the packet path to leave it before dropping what it still holds.
 */
void vnet_link_release(struct vnet_lnk *link)
{
	vnet_prog_release(link->prog);
	if (link->shaped) {
		synchronize_net();
		vnet_shaper_purge(&link->shaper[0]);
		vnet_shaper_purge(&link->shaper[1]);
	}
	kfree_rcu(link, rcu);
}

/* A frame reached the link at @end, having crossed @hops links. RCU. */
void vnet_link_carry(struct vnet_member *end, struct sk_buff *skb,
		     struct vnet_priv *origin, unsigned int hops)
{
	struct vnet_lnk *link = vnet_end_link(end);
	unsigned int dir = vnet_end_dir(end);
	struct vnet_shaper *sh = &link->shaper[dir];

	skb->dev = vnet_link_dev;
	if (unlikely(hops >= VNET_LINK_MAX_HOPS)) {
		vnet_drop(origin, skb, 0, VNET_DROP_NO_DEST);
	} else if (unlikely(READ_ONCE(link->unplugged))) {
		vnet_drop(origin, skb, 0, VNET_DROP_NO_CARRIER);
	} else if (vnet_prog_drop(&link->prog[dir], skb, origin, 0)) {
		/* dropped by the direction's program */
	} else if (READ_ONCE(sh->active)) {
		vnet_skb_cb(skb)->hops = hops;
		vnet_shaper_enqueue_from(sh, skb, origin);
	} else {
		vnet_seg_forward(end->peer, skb, origin, hops + 1);
	}
}

/* The shaper of direction AB or BA releases a frame into the far segment. */
void vnet_link_shaper_deliver(struct vnet_shaper *sh, struct sk_buff *skb)
{
	unsigned int dir = sh->kind - VNET_SHAPER_LINK_AB;
	struct vnet_lnk *link = container_of(sh - dir, struct vnet_lnk,
					     shaper[0]);

	vnet_seg_forward(&link->end[!dir], skb, NULL,
			 vnet_skb_cb(skb)->hops + 1);
}

/* LINK_SET: the directions in @dirs (VNET_DIR_AB/BA) take their shape. RTNL. */
void vnet_link_shape(struct vnet_lnk *link, u32 dirs,
		     const struct vnet_shape *ab, const struct vnet_shape *ba)
{
	if (dirs & VNET_DIR_AB)
		vnet_shaper_set(&link->shaper[0], ab);
	if (dirs & VNET_DIR_BA)
		vnet_shaper_set(&link->shaper[1], ba);
	link->shaped |= link->shaper[0].active || link->shaper[1].active;
}

/* LINK_STATE carrier: pulls or plugs in the cable. RTNL. */
void vnet_link_plug(struct vnet_lnk *link, bool plugged)
{
	WRITE_ONCE(link->unplugged, !plugged);
}
