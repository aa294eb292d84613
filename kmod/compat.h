/* SPDX-License-Identifier: GPL-2.0 */
/* Shims for the kernel versions vnet builds on (6.1 .. 6.12+). */
#ifndef _VNET_COMPAT_H
#define _VNET_COMPAT_H

#include <linux/netdevice.h>
#include <linux/version.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 12, 0)
/* 6.12 turned the LLTX and NETNS_LOCAL feature bits into net_device flags. */
static inline void vnet_compat_set_lltx(struct net_device *dev)
{
	dev->features |= NETIF_F_LLTX;
}

static inline void vnet_compat_set_netns_local(struct net_device *dev)
{
	dev->features |= NETIF_F_NETNS_LOCAL;
}
#else
static inline void vnet_compat_set_lltx(struct net_device *dev)
{
	dev->lltx = true;
}

static inline void vnet_compat_set_netns_local(struct net_device *dev)
{
	dev->netns_local = true;
}
#endif

#endif /* _VNET_COMPAT_H */
