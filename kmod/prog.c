// SPDX-License-Identifier: GPL-2.0
/*
 * Programs (VNET_IOC_PROG): a user's tc classifier (BPF_PROG_TYPE_SCHED_CLS)
 * on a direction of a port or a link, run on each of its frames before the
 * direction's emulation, as netkit runs its programs in its xmit. A
 * direction points (RCU) to its program, so one without pays a pointer
 * test. Attaching swaps the pointer under RTNL; bpf_prog_put() frees a
 * program one grace period after its last reference went, so a frame still
 * running the old one finishes safely.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/pkt_cls.h>
#include <linux/rtnetlink.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "vnet_priv.h"

#define VNET_PROG_DIRS	(VNET_DIR_EGRESS | VNET_DIR_INGRESS)

/* The program's verdict on @skb, shown as tc shows it to a classifier. */
static int vnet_prog_verdict(struct bpf_prog *prog, struct sk_buff *skb)
{
	struct vnet_bpf_ctx ctx;
	int verdict;

	vnet_bpf_ctx_enter(&ctx);
	bpf_compute_data_pointers(skb);
	verdict = bpf_prog_run(prog, skb);
	vnet_bpf_ctx_leave(&ctx);
	return verdict;
}

bool vnet_prog_run(struct bpf_prog __rcu *const *slot, struct sk_buff *skb,
		   struct vnet_priv *vp, u32 dir)
{
	struct bpf_prog *prog;
	int verdict = TC_ACT_OK;

	rcu_read_lock();
	prog = rcu_dereference(*slot);
	if (prog)
		verdict = vnet_prog_verdict(prog, skb);
	rcu_read_unlock();
	/* Forwarding reads the Ethernet header, which a rewrite may have cut. */
	if (verdict != TC_ACT_SHOT && likely(pskb_may_pull(skb, ETH_HLEN)))
		return false;
	vnet_drop(vp, skb, dir, VNET_DROP_PROG);
	return true;
}

/* Puts @prog in the slots of @dirs (NULL: empties them); drops what was there. */
static void vnet_prog_swap(struct bpf_prog __rcu **slots, u32 dirs,
			   struct bpf_prog *prog)
{
	struct bpf_prog *old;
	int i;

	ASSERT_RTNL();
	for (i = 0; i < 2; i++) {
		if (!(dirs & BIT(i)))
			continue;
		old = rcu_replace_pointer(slots[i], prog, lockdep_rtnl_is_held());
		if (old)
			bpf_prog_put(old);
	}
}

void vnet_prog_release(struct bpf_prog __rcu **slots)
{
	vnet_prog_swap(slots, VNET_PROG_DIRS, NULL);
}

static int vnet_prog_check(const struct vnet_prog *req)
{
	if (memchr_inv(req->reserved, 0, sizeof(req->reserved)))
		return -EINVAL;
	if (req->kind != VNET_PROG_PORT && req->kind != VNET_PROG_LINK)
		return -EINVAL;
	if (!req->dirs || req->dirs & ~VNET_PROG_DIRS)
		return -EINVAL;
	return 0;
}

/* The two slots of the port or link @req names, NULL if none. RTNL. */
static struct bpf_prog __rcu **vnet_prog_slots(struct vnet_file *vf,
					       const struct vnet_prog *req)
{
	struct vnet_lnk *link;
	struct vnet_priv *vp;

	if (req->kind == VNET_PROG_LINK) {
		link = idr_find(&vf->links, req->id);
		return link ? link->prog : NULL;
	}
	vp = idr_find(&vf->ports, req->id);
	return vp ? vp->prog : NULL;
}

int vnet_ioctl_prog(struct vnet_file *vf, void __user *argp)
{
	struct bpf_prog __rcu **slots;
	struct bpf_prog *prog = NULL;
	struct vnet_prog req;
	int err;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	err = vnet_prog_check(&req);
	if (err)
		return err;
	if (req.prog_fd != -1) {
		prog = bpf_prog_get_type(req.prog_fd, BPF_PROG_TYPE_SCHED_CLS);
		if (IS_ERR(prog))
			return PTR_ERR(prog);
	}

	rtnl_lock();
	slots = vnet_prog_slots(vf, &req);
	if (slots) {
		/* One reference a direction: each is released on its own. */
		if (prog && hweight32(req.dirs) == 2)
			bpf_prog_inc(prog);
		vnet_prog_swap(slots, req.dirs, prog);
	}
	rtnl_unlock();
	if (slots)
		return 0;
	if (prog)
		bpf_prog_put(prog);
	return -ENOENT;
}
