/* SPDX-License-Identifier: GPL-2.0 */
/* Shims for the kernel versions vnet builds on (6.1 .. 6.12+). */
#ifndef _VNET_COMPAT_H
#define _VNET_COMPAT_H

#include <linux/filter.h>
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

/*
 * A program may call bpf_redirect() and the like, whose state lives since
 * 6.11 in a context the caller sets up when none is (the stack sets one
 * in some paths only); before, it was per cpu.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 11, 0)
struct vnet_bpf_ctx {
};

static inline void vnet_bpf_ctx_enter(struct vnet_bpf_ctx *ctx)
{
}

static inline void vnet_bpf_ctx_leave(struct vnet_bpf_ctx *ctx)
{
}
#else
struct vnet_bpf_ctx {
	struct bpf_net_context net;
	struct bpf_net_context *set;	/* NULL: one was set already */
};

static inline void vnet_bpf_ctx_enter(struct vnet_bpf_ctx *ctx)
{
	ctx->set = bpf_net_ctx_set(&ctx->net);
}

static inline void vnet_bpf_ctx_leave(struct vnet_bpf_ctx *ctx)
{
	bpf_net_ctx_clear(ctx->set);
}
#endif

#endif /* _VNET_COMPAT_H */
