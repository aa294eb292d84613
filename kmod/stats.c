// SPDX-License-Identifier: GPL-2.0
/* Per-cpu port counters and the STATS ioctl that reads many at once. */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "vnet_priv.h"

void vnet_stats_rx(struct vnet_priv *vp, unsigned int len)
{
	struct vnet_pcpu_stats *s = this_cpu_ptr(vp->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->rx_packets);
	u64_stats_add(&s->rx_bytes, len);
	u64_stats_update_end(&s->syncp);
}

void vnet_stats_tx(struct vnet_priv *vp, unsigned int len)
{
	struct vnet_pcpu_stats *s = this_cpu_ptr(vp->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->tx_packets);
	u64_stats_add(&s->tx_bytes, len);
	u64_stats_update_end(&s->syncp);
}

/* @vp NULL: a frame whose sender is no longer known (see link.c). */
void vnet_stats_drop(struct vnet_priv *vp, enum vnet_drop_reason reason)
{
	struct vnet_pcpu_stats *s;

	if (!vp)
		return;
	s = this_cpu_ptr(vp->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->drops[reason]);
	u64_stats_update_end(&s->syncp);
}

void vnet_stats_read(struct vnet_priv *vp, struct vnet_port_stats *out)
{
	int cpu, i;

	memset(out, 0, sizeof(*out));
	out->id = vp->id;
	for_each_possible_cpu(cpu) {
		const struct vnet_pcpu_stats *s = per_cpu_ptr(vp->stats, cpu);
		u64 rxp, rxb, txp, txb, drops[__VNET_DROP_MAX];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			rxp = u64_stats_read(&s->rx_packets);
			rxb = u64_stats_read(&s->rx_bytes);
			txp = u64_stats_read(&s->tx_packets);
			txb = u64_stats_read(&s->tx_bytes);
			for (i = 0; i < __VNET_DROP_MAX; i++)
				drops[i] = u64_stats_read(&s->drops[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		out->rx_packets += rxp;
		out->rx_bytes += rxb;
		out->tx_packets += txp;
		out->tx_bytes += txb;
		for (i = 0; i < __VNET_DROP_MAX; i++)
			out->drops[i] += drops[i];
	}
}

void vnet_get_stats64(struct net_device *dev, struct rtnl_link_stats64 *s)
{
	struct vnet_port_stats ps;
	int i;

	vnet_stats_read(netdev_priv(dev), &ps);
	s->rx_packets = ps.rx_packets;
	s->rx_bytes = ps.rx_bytes;
	s->tx_packets = ps.tx_packets;
	s->tx_bytes = ps.tx_bytes;
	for (i = 0; i < __VNET_DROP_MAX; i++)
		s->tx_dropped += ps.drops[i];
}

/* Fills out[] with the ports named by ids[], or every port when !by_id. */
static int vnet_stats_collect(struct vnet_file *vf, bool by_id, const u32 *ids,
			      struct vnet_port_stats *out, u32 *count,
			      u32 *total)
{
	struct vnet_priv *vp;
	int id, err = 0;
	u32 i, n = 0;

	rcu_read_lock();
	if (by_id) {
		for (i = 0; i < *count; i++) {
			vp = ids[i] ? idr_find(&vf->ports, ids[i]) : NULL;
			if (!vp) {
				err = -ENOENT;
				break;
			}
			vnet_stats_read(vp, &out[n++]);
		}
		*total = n;
	} else {
		*total = 0;
		idr_for_each_entry(&vf->ports, vp, id) {
			if (n < *count)
				vnet_stats_read(vp, &out[n++]);
			(*total)++;
		}
	}
	rcu_read_unlock();
	*count = n;
	return err;
}

int vnet_ioctl_stats(struct vnet_file *vf, void __user *argp)
{
	struct vnet_port_stats *out = NULL;
	struct vnet_stats req;
	u32 *ids = NULL;
	int err;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (req.reserved)
		return -EINVAL;
	if (req.stats_size != sizeof(*out))
		return -EMSGSIZE;
	if (req.count > VNET_STATS_MAX_PORTS)
		return -E2BIG;

	if (req.count) {
		out = kvcalloc(req.count, sizeof(*out), GFP_KERNEL);
		if (!out)
			return -ENOMEM;
	}
	if (req.ids && req.count) {
		ids = vmemdup_user(u64_to_user_ptr(req.ids),
				   array_size(req.count, sizeof(*ids)));
		if (IS_ERR(ids)) {
			err = PTR_ERR(ids);
			ids = NULL;
			goto out_free_stats;
		}
	}

	err = vnet_stats_collect(vf, req.ids, ids, out, &req.count,
				 &req.total);
	if (err)
		goto out_free_ids;
	if (req.count &&
	    copy_to_user(u64_to_user_ptr(req.stats), out,
			 array_size(req.count, sizeof(*out)))) {
		err = -EFAULT;
		goto out_free_ids;
	}
	if (copy_to_user(argp, &req, sizeof(req)))
		err = -EFAULT;

out_free_ids:
	kvfree(ids);
out_free_stats:
	kvfree(out);
	return err;
}
