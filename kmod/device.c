// SPDX-License-Identifier: GPL-2.0
/*
 * Ports: Ethernet net_devices created straight inside a host's network
 * namespace. Transmit hands the frame to the port's segment (through the
 * egress shaper when one is set); receive is dev_forward_skb(), as in veth,
 * so GSO/TSO frames cross unsegmented. Each direction shows a frame to the
 * port's captures before and after its emulation (capture.c) and runs its
 * program, if any, in between, before the emulation (prog.c).
 */
#include <linux/ethtool.h>
#include <linux/nsproxy.h>
#include <linux/proc_ns.h>
#include <net/net_namespace.h>
#include <net/rtnetlink.h>

#include "compat.h"
#include "vnet_priv.h"

#define VNET_FEATURES	(NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HW_CSUM | \
			 NETIF_F_RXCSUM | NETIF_F_SCTP_CRC | NETIF_F_HIGHDMA | \
			 NETIF_F_GSO_SOFTWARE | NETIF_F_GSO_ENCAP_ALL)

static struct rtnl_link_ops vnet_link_ops;

void vnet_port_receive(struct vnet_priv *vp, struct sk_buff *skb)
{
	unsigned int len = skb->len;

	/* A pulled cable: what still arrives (a hub, a switch) ends here. */
	if (unlikely(READ_ONCE(vp->unplugged))) {
		vnet_drop(vp, skb, VNET_DIR_INGRESS, VNET_DROP_NO_CARRIER);
		return;
	}
	vnet_capture(vp, skb, VNET_DIR_INGRESS, VNET_POINT_AFTER);
	if (likely(dev_forward_skb(vp->dev, skb) == NET_RX_SUCCESS))
		vnet_stats_rx(vp, len);
	else
		vnet_stats_drop(vp, VNET_DROP_NO_DEST);
}

/* A frame leaves @vp's egress emulation for the segment. RCU. */
void vnet_port_send(struct vnet_priv *vp, struct sk_buff *skb)
{
	vnet_capture(vp, skb, VNET_DIR_EGRESS, VNET_POINT_AFTER);
	vnet_seg_forward(&vp->member, skb, vp, 0);
}

static netdev_tx_t vnet_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct vnet_priv *vp = netdev_priv(dev);

	vnet_stats_tx(vp, skb->len);
	vnet_capture(vp, skb, VNET_DIR_EGRESS, VNET_POINT_BEFORE);
	if (unlikely(!netif_carrier_ok(dev))) {
		vnet_drop(vp, skb, VNET_DIR_EGRESS, VNET_DROP_NO_CARRIER);
		return NETDEV_TX_OK;
	}
	/* Forwarding reads the Ethernet header from the linear part. */
	if (unlikely(!pskb_may_pull(skb, ETH_HLEN))) {
		vnet_drop(vp, skb, 0, VNET_DROP_NO_DEST);
		return NETDEV_TX_OK;
	}
	skb_tx_timestamp(skb);
	if (vnet_partition_drop(vp, skb) ||
	    vnet_prog_drop(&vp->prog[0], skb, vp, VNET_DIR_EGRESS))
		return NETDEV_TX_OK;

	rcu_read_lock();
	if (READ_ONCE(vp->egress.active))
		vnet_shaper_enqueue(&vp->egress, skb);
	else
		vnet_port_send(vp, skb);
	rcu_read_unlock();
	return NETDEV_TX_OK;
}

static int vnet_dev_init(struct net_device *dev)
{
	struct vnet_priv *vp = netdev_priv(dev);

	vp->stats = netdev_alloc_pcpu_stats(struct vnet_pcpu_stats);
	return vp->stats ? 0 : -ENOMEM;
}

/* Runs after unregistration's RCU grace period: nothing enqueues any more. */
static void vnet_dev_free(struct net_device *dev)
{
	struct vnet_priv *vp = netdev_priv(dev);

	vnet_shaper_purge(&vp->egress);
	vnet_shaper_purge(&vp->ingress);
	free_percpu(vp->stats);
}

static const struct net_device_ops vnet_netdev_ops = {
	.ndo_init		= vnet_dev_init,
	.ndo_start_xmit		= vnet_xmit,
	.ndo_get_stats64	= vnet_get_stats64,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_features_check	= passthru_features_check,
};

static void vnet_get_drvinfo(struct net_device *dev,
			     struct ethtool_drvinfo *info)
{
	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
}

static const struct ethtool_ops vnet_ethtool_ops = {
	.get_drvinfo		= vnet_get_drvinfo,
	.get_link		= ethtool_op_get_link,
};

static void vnet_setup(struct net_device *dev)
{
	struct vnet_priv *vp = netdev_priv(dev);

	ether_setup(dev);
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE | IFF_NO_QUEUE;
	dev->netdev_ops = &vnet_netdev_ops;
	dev->ethtool_ops = &vnet_ethtool_ops;
	dev->rtnl_link_ops = &vnet_link_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = vnet_dev_free;
	dev->features |= VNET_FEATURES;
	dev->hw_features = VNET_FEATURES;
	dev->hw_enc_features = VNET_FEATURES;
	vnet_compat_set_lltx(dev);
	/* A port belongs to its segment's file; moving it would orphan it. */
	vnet_compat_set_netns_local(dev);
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;

	vp->dev = dev;
	vp->member.kind = VNET_MEMBER_PORT;
	vnet_shaper_init(&vp->egress, VNET_SHAPER_EGRESS);
	vnet_shaper_init(&vp->ingress, VNET_SHAPER_INGRESS);
	netif_carrier_off(dev);
}

static int vnet_port_validate(const struct vnet_port *req)
{
	size_t len = strnlen(req->ifname, sizeof(req->ifname));

	if (req->reserved[0] || req->reserved[1] || req->pad[0] || req->pad[1])
		return -EINVAL;
	if (len == sizeof(req->ifname))
		return -ENAMETOOLONG;
	/* No "%d" templates: the caller names every port. */
	if (!dev_valid_name(req->ifname) || strchr(req->ifname, '%'))
		return -EINVAL;
	if (is_multicast_ether_addr(req->mac))
		return -EINVAL;
	if (req->mtu && (req->mtu < ETH_MIN_MTU || req->mtu > ETH_MAX_MTU))
		return -EINVAL;
	return 0;
}

static struct net *vnet_port_net(s32 netns_fd)
{
	struct net *net;

	if (netns_fd == -1)
		net = get_net(current->nsproxy->net_ns);
	else
		net = get_net_ns_by_fd(netns_fd);
	if (IS_ERR(net))
		return net;
	if (!ns_capable(net->user_ns, CAP_NET_ADMIN)) {
		put_net(net);
		return ERR_PTR(-EPERM);
	}
	return net;
}

int vnet_port_create(struct vnet_file *vf, const struct vnet_port *req,
		     struct vnet_seg *seg, struct vnet_priv **out)
{
	struct net_device *dev;
	struct vnet_priv *vp;
	struct net *net;
	int id, err;

	ASSERT_RTNL();
	err = vnet_port_validate(req);
	if (err)
		return err;
	if (vnet_seg_full(seg))
		return -EBUSY;
	net = vnet_port_net(req->netns_fd);
	if (IS_ERR(net))
		return PTR_ERR(net);

	dev = alloc_netdev(sizeof(*vp), req->ifname, NET_NAME_USER, vnet_setup);
	if (!dev) {
		err = -ENOMEM;
		goto out_put_net;
	}
	dev_net_set(dev, net);
	dev->mtu = req->mtu ?: ETH_DATA_LEN;
	if (is_zero_ether_addr(req->mac))
		eth_hw_addr_random(dev);
	else
		eth_hw_addr_set(dev, req->mac);

	err = register_netdevice(dev);
	if (err)
		goto out_free_netdev;

	vp = netdev_priv(dev);
	id = idr_alloc(&vf->ports, vp, 1, VNET_ID_REF, GFP_KERNEL);
	if (id < 0) {
		err = id == -ENOSPC ? -EMFILE : id;
		goto out_unregister;
	}
	vp->id = id;
	vp->file = vf;
	/* Checked above, and RTNL keeps it so. */
	vnet_seg_attach(seg, &vp->member);
	put_net(net);
	*out = vp;
	return 0;

out_unregister:
	unregister_netdevice(dev);
	goto out_put_net;
out_free_netdev:
	free_netdev(dev);
out_put_net:
	put_net(net);
	return err;
}

/* PORT_STATE carrier: pulls or plugs in the port's cable. RTNL. */
void vnet_port_plug(struct vnet_priv *vp, bool plugged)
{
	WRITE_ONCE(vp->unplugged, !plugged);
	vnet_seg_update_carrier(rtnl_dereference(vp->member.seg));
}

/* Idempotent: the file, a batch and the namespace's teardown may all ask. */
void vnet_port_destroy(struct vnet_priv *vp, struct list_head *kill_list)
{
	ASSERT_RTNL();
	if (!vp->file)
		return;
	idr_remove(&vp->file->ports, vp->id);
	WRITE_ONCE(vp->file, NULL);	/* vnet_partition_drop() reads it */
	vnet_capture_port_gone(vp);
	vnet_prog_release(vp->prog);
	vnet_seg_detach(&vp->member);
	unregister_netdevice_queue(vp->dev, kill_list);
}

/* `ip link del`, or the port's namespace going away. */
static void vnet_dellink(struct net_device *dev, struct list_head *head)
{
	vnet_port_destroy(netdev_priv(dev), head);
}

/* No .setup: ports are made through /dev/vnet, not `ip link add`. */
static struct rtnl_link_ops vnet_link_ops = {
	.kind		= KBUILD_MODNAME,
	.dellink	= vnet_dellink,
};

int vnet_device_init(void)
{
	return rtnl_link_register(&vnet_link_ops);
}

void vnet_device_exit(void)
{
	rtnl_link_unregister(&vnet_link_ops);
}
