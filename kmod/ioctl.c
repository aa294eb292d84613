// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl interface. Every object-changing command is run as a
 * transaction of operations under RTNL: a single command is a transaction
 * of one, VNET_IOC_BATCH one of many. Additions take effect at once and are
 * undone if a later operation fails; deletions only mark their object
 * (hiding it from later operations) and happen at commit, so nothing needs
 * to be re-created on rollback.
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <net/rtnetlink.h>

#include "vnet_priv.h"

#define VNET_FEATURES_ALL	(VNET_FEAT_SHAPING | VNET_FEAT_BATCH | \
				 VNET_FEAT_LINKS | VNET_FEAT_STATS_ALL | \
				 VNET_FEAT_PORT_STATE | VNET_FEAT_LINK_SHAPING | \
				 VNET_FEAT_PARTITION | VNET_FEAT_CAPTURE | \
				 VNET_FEAT_PROG | VNET_FEAT_PARTITION6)
#define VNET_STATE_ALL		(VNET_STATE_CARRIER | VNET_STATE_SEED)

/*
 * What {PORT,LINK}_{SET,STATE} act on: a port's or a link's two directions
 * (dirs bit 0: egress or AB, bit 1: ingress or BA) and its cable.
 */
struct vnet_cable {
	struct vnet_shaper *sh[2];
	struct vnet_priv *port;		/* one of port and link */
	struct vnet_lnk *link;
};

/* What undoing an applied operation needs. */
struct vnet_undo {
	void *obj;
	struct vnet_cable cable;	/* *_SET, *_STATE */
	union {
		struct vnet_shape shape[2];	/* *_SET: by dirs bit */
		struct {
			struct vnet_random random[2];	/* by dirs bit */
			bool plugged;
		} state;			/* *_STATE */
	} old;
};

struct vnet_txn {
	struct vnet_file *vf;
	struct vnet_op *ops;
	struct vnet_undo *undo;
	u32 count;
	struct list_head kill_list;	/* net_devices to unregister */
};

/* The id an add operation produced, written back into the operation. */
static u32 *vnet_op_id(struct vnet_op *op)
{
	switch (op->cmd) {
	case VNET_CMD_SEGMENT_ADD:
		return &op->u.segment.id;
	case VNET_CMD_PORT_ADD:
		return &op->u.port.id;
	case VNET_CMD_LINK_ADD:
		return &op->u.link.id;
	default:
		return NULL;
	}
}

/* Turns VNET_ID_REF | i into the id made by operation i of type @cmd. */
static int vnet_resolve(struct vnet_txn *t, u32 cur, u32 id, u32 cmd, u32 *out)
{
	u32 idx = id & ~VNET_ID_REF;

	if (!(id & VNET_ID_REF)) {
		*out = id;
		return 0;
	}
	if (idx >= cur || t->ops[idx].cmd != cmd)
		return -EINVAL;
	*out = *vnet_op_id(&t->ops[idx]);
	return 0;
}

/* The object an id (or a reference of type @cmd) names in @idr. */
static void *vnet_find(struct vnet_txn *t, u32 cur, u32 ref, u32 cmd,
		       struct idr *idr)
{
	void *obj;
	u32 id;
	int err;

	err = vnet_resolve(t, cur, ref, cmd, &id);
	if (err)
		return ERR_PTR(err);
	obj = id ? idr_find(idr, id) : NULL;
	return obj ?: ERR_PTR(-ENOENT);
}

/* Objects a batch deleted are gone for its later operations. */
static struct vnet_seg *vnet_find_seg(struct vnet_txn *t, u32 cur, u32 ref)
{
	struct vnet_seg *seg = vnet_find(t, cur, ref, VNET_CMD_SEGMENT_ADD,
					 &t->vf->segs);

	return !IS_ERR(seg) && seg->pending_del ? ERR_PTR(-ENOENT) : seg;
}

static struct vnet_priv *vnet_find_port(struct vnet_txn *t, u32 cur, u32 ref)
{
	struct vnet_priv *vp = vnet_find(t, cur, ref, VNET_CMD_PORT_ADD,
					 &t->vf->ports);

	return !IS_ERR(vp) && vp->member.pending_del ? ERR_PTR(-ENOENT) : vp;
}

static struct vnet_lnk *vnet_find_link(struct vnet_txn *t, u32 cur, u32 ref)
{
	struct vnet_lnk *link = vnet_find(t, cur, ref, VNET_CMD_LINK_ADD,
					  &t->vf->links);

	return !IS_ERR(link) && link->end[0].pending_del ?
	       ERR_PTR(-ENOENT) : link;
}

static int vnet_op_segment_add(struct vnet_txn *t, u32 i)
{
	struct vnet_segment *req = &t->ops[i].u.segment;
	struct vnet_seg *seg;
	int err;

	err = vnet_seg_validate(req);
	if (err)
		return err;
	seg = vnet_seg_create(t->vf, req->kind, req->ageing_ms);
	if (IS_ERR(seg))
		return PTR_ERR(seg);
	req->id = seg->id;
	t->undo[i].obj = seg;
	return 0;
}

static int vnet_op_segment_del(struct vnet_txn *t, u32 i)
{
	struct vnet_seg *seg = vnet_find_seg(t, i, t->ops[i].u.del.id);

	if (IS_ERR(seg))
		return PTR_ERR(seg);
	if (vnet_seg_live_members(seg))
		return -EBUSY;
	seg->pending_del = true;
	t->undo[i].obj = seg;
	return 0;
}

static int vnet_op_port_add(struct vnet_txn *t, u32 i)
{
	struct vnet_port *req = &t->ops[i].u.port;
	struct vnet_priv *vp;
	struct vnet_seg *seg;
	int err;

	seg = vnet_find_seg(t, i, req->segment);
	if (IS_ERR(seg))
		return PTR_ERR(seg);
	err = vnet_port_create(t->vf, req, seg, &vp);
	if (err)
		return err;
	req->id = vp->id;
	t->undo[i].obj = vp;
	return 0;
}

static int vnet_op_port_del(struct vnet_txn *t, u32 i)
{
	struct vnet_priv *vp = vnet_find_port(t, i, t->ops[i].u.del.id);

	if (IS_ERR(vp))
		return PTR_ERR(vp);
	vp->member.pending_del = true;
	t->undo[i].obj = vp;
	return 0;
}

/* The port or link (@link) @ref names in operation @i. */
static int vnet_find_cable(struct vnet_txn *t, u32 i, u32 ref, bool link,
			   struct vnet_cable *c)
{
	struct vnet_priv *vp;
	struct vnet_lnk *l;

	memset(c, 0, sizeof(*c));
	if (link) {
		l = vnet_find_link(t, i, ref);
		if (IS_ERR(l))
			return PTR_ERR(l);
		c->link = l;
		c->sh[0] = &l->shaper[0];
		c->sh[1] = &l->shaper[1];
		return 0;
	}
	vp = vnet_find_port(t, i, ref);
	if (IS_ERR(vp))
		return PTR_ERR(vp);
	c->port = vp;
	c->sh[0] = &vp->egress;
	c->sh[1] = &vp->ingress;
	return 0;
}

static void vnet_cable_shape(const struct vnet_cable *c, u32 dirs,
			     const struct vnet_shape *first,
			     const struct vnet_shape *second)
{
	if (c->link) {
		vnet_link_shape(c->link, dirs, first, second);
		return;
	}
	if (dirs & VNET_DIR_EGRESS)
		vnet_shaper_set(c->sh[0], first);
	if (dirs & VNET_DIR_INGRESS)
		vnet_shaper_set(c->sh[1], second);
}

static bool vnet_cable_plugged(const struct vnet_cable *c)
{
	return c->link ? !c->link->unplugged : !c->port->unplugged;
}

static void vnet_cable_plug(const struct vnet_cable *c, bool plugged)
{
	if (c->link)
		vnet_link_plug(c->link, plugged);
	else
		vnet_port_plug(c->port, plugged);
}

static void vnet_cable_random(const struct vnet_cable *c,
			      const struct vnet_random *first,
			      const struct vnet_random *second)
{
	vnet_shaper_set_random(c->sh[0], first);
	vnet_shaper_set_random(c->sh[1], second);
}

/* PORT_SET and LINK_SET: the same layout, dirs bits 0 and 1. */
static int vnet_op_set(struct vnet_txn *t, u32 i, bool link)
{
	struct vnet_port_set *req = &t->ops[i].u.set;
	struct vnet_undo *undo = &t->undo[i];
	struct vnet_cable c;
	int err;

	BUILD_BUG_ON(offsetof(struct vnet_port_set, ingress) !=
		     offsetof(struct vnet_link_set, ba));
	if (!req->dirs || req->dirs & ~(VNET_DIR_EGRESS | VNET_DIR_INGRESS))
		return -EINVAL;
	err = vnet_find_cable(t, i, req->id, link, &c);
	if (err)
		return err;
	err = vnet_shape_validate(&req->egress) ?:
	      vnet_shape_validate(&req->ingress);
	if (err)
		return err;
	undo->cable = c;
	undo->old.shape[0] = c.sh[0]->params;
	undo->old.shape[1] = c.sh[1]->params;
	vnet_cable_shape(&c, req->dirs, &req->egress, &req->ingress);
	return 0;
}

/* Fields outside "set" must be zero, so that they can mean something later. */
static int vnet_port_state_validate(const struct vnet_port_state *req)
{
	if (!req->set || req->set & ~VNET_STATE_ALL || req->reserved ||
	    req->carrier > 1)
		return -EINVAL;
	if ((!(req->set & VNET_STATE_CARRIER) && req->carrier) ||
	    (!(req->set & VNET_STATE_SEED) && req->seed))
		return -EINVAL;
	return 0;
}

/* PORT_STATE and LINK_STATE. */
static int vnet_op_state(struct vnet_txn *t, u32 i, bool link)
{
	struct vnet_port_state *req = &t->ops[i].u.state;
	struct vnet_undo *undo = &t->undo[i];
	struct vnet_random random;
	struct vnet_cable c;
	int err;

	err = vnet_port_state_validate(req) ?:
	      vnet_find_cable(t, i, req->id, link, &c);
	if (err)
		return err;
	undo->cable = c;
	undo->old.state.plugged = vnet_cable_plugged(&c);
	vnet_shaper_get_random(c.sh[0], &undo->old.state.random[0]);
	vnet_shaper_get_random(c.sh[1], &undo->old.state.random[1]);
	if (req->set & VNET_STATE_CARRIER)
		vnet_cable_plug(&c, req->carrier);
	if (req->set & VNET_STATE_SEED) {
		vnet_random_seed(&random, req->seed);
		vnet_cable_random(&c, &random, &random);
	}
	return 0;
}

static int vnet_op_link_add(struct vnet_txn *t, u32 i)
{
	struct vnet_link *req = &t->ops[i].u.link;
	struct vnet_seg *a, *b;
	struct vnet_lnk *link;
	int err;

	if (req->reserved)
		return -EINVAL;
	a = vnet_find_seg(t, i, req->segment_a);
	if (IS_ERR(a))
		return PTR_ERR(a);
	b = vnet_find_seg(t, i, req->segment_b);
	if (IS_ERR(b))
		return PTR_ERR(b);
	err = vnet_link_create(t->vf, a, b, &link);
	if (err)
		return err;
	req->id = link->id;
	t->undo[i].obj = link;
	return 0;
}

static int vnet_op_link_del(struct vnet_txn *t, u32 i)
{
	struct vnet_lnk *link = vnet_find_link(t, i, t->ops[i].u.del.id);

	if (IS_ERR(link))
		return PTR_ERR(link);
	link->end[0].pending_del = true;
	link->end[1].pending_del = true;
	t->undo[i].obj = link;
	return 0;
}

/* Size of the union member each command uses; the rest must be zero. */
static size_t vnet_op_arg_size(u32 cmd)
{
	switch (cmd) {
	case VNET_CMD_SEGMENT_ADD:
		return sizeof(struct vnet_segment);
	case VNET_CMD_PORT_ADD:
		return sizeof(struct vnet_port);
	case VNET_CMD_PORT_SET:
		return sizeof(struct vnet_port_set);
	case VNET_CMD_LINK_SET:
		return sizeof(struct vnet_link_set);
	case VNET_CMD_PORT_STATE:
	case VNET_CMD_LINK_STATE:
		return sizeof(struct vnet_port_state);
	case VNET_CMD_LINK_ADD:
		return sizeof(struct vnet_link);
	case VNET_CMD_SEGMENT_DEL:
	case VNET_CMD_PORT_DEL:
	case VNET_CMD_LINK_DEL:
		return sizeof(struct vnet_id);
	default:
		return 0;
	}
}

static int vnet_op_apply(struct vnet_txn *t, u32 i)
{
	struct vnet_op *op = &t->ops[i];
	size_t size = vnet_op_arg_size(op->cmd);

	if (!size)
		return -EOPNOTSUPP;
	if (op->reserved || memchr_inv(op->u.raw + size, 0,
				       sizeof(op->u.raw) - size))
		return -EINVAL;
	if (size == sizeof(struct vnet_id) && op->u.del.reserved)
		return -EINVAL;

	switch (op->cmd) {
	case VNET_CMD_SEGMENT_ADD:
		return vnet_op_segment_add(t, i);
	case VNET_CMD_SEGMENT_DEL:
		return vnet_op_segment_del(t, i);
	case VNET_CMD_PORT_ADD:
		return vnet_op_port_add(t, i);
	case VNET_CMD_PORT_DEL:
		return vnet_op_port_del(t, i);
	case VNET_CMD_PORT_SET:
	case VNET_CMD_LINK_SET:
		return vnet_op_set(t, i, op->cmd == VNET_CMD_LINK_SET);
	case VNET_CMD_PORT_STATE:
	case VNET_CMD_LINK_STATE:
		return vnet_op_state(t, i, op->cmd == VNET_CMD_LINK_STATE);
	case VNET_CMD_LINK_ADD:
		return vnet_op_link_add(t, i);
	default:
		return vnet_op_link_del(t, i);
	}
}

static void vnet_op_undo(struct vnet_txn *t, u32 i)
{
	struct vnet_undo *undo = &t->undo[i];
	struct vnet_lnk *link;
	struct vnet_seg *seg;
	struct vnet_priv *vp;

	switch (t->ops[i].cmd) {
	case VNET_CMD_SEGMENT_ADD:
		vnet_seg_destroy(t->vf, undo->obj);
		break;
	case VNET_CMD_SEGMENT_DEL:
		seg = undo->obj;
		seg->pending_del = false;
		break;
	case VNET_CMD_PORT_ADD:
		vnet_port_destroy(undo->obj, &t->kill_list);
		break;
	case VNET_CMD_PORT_DEL:
		vp = undo->obj;
		vp->member.pending_del = false;
		break;
	case VNET_CMD_PORT_SET:
	case VNET_CMD_LINK_SET:
		vnet_cable_shape(&undo->cable,
				 VNET_DIR_EGRESS | VNET_DIR_INGRESS,
				 &undo->old.shape[0], &undo->old.shape[1]);
		break;
	case VNET_CMD_PORT_STATE:
	case VNET_CMD_LINK_STATE:
		vnet_cable_plug(&undo->cable, undo->old.state.plugged);
		vnet_cable_random(&undo->cable, &undo->old.state.random[0],
				  &undo->old.state.random[1]);
		break;
	case VNET_CMD_LINK_ADD:
		vnet_link_destroy(t->vf, undo->obj);
		break;
	case VNET_CMD_LINK_DEL:
		link = undo->obj;
		link->end[0].pending_del = false;
		link->end[1].pending_del = false;
		break;
	}
}

static void vnet_op_commit(struct vnet_txn *t, u32 i)
{
	void *obj = t->undo[i].obj;

	switch (t->ops[i].cmd) {
	case VNET_CMD_SEGMENT_DEL:
		vnet_seg_destroy(t->vf, obj);
		break;
	case VNET_CMD_PORT_DEL:
		vnet_port_destroy(obj, &t->kill_list);
		break;
	case VNET_CMD_LINK_DEL:
		vnet_link_destroy(t->vf, obj);
		break;
	}
}

/* Applies every operation or none; returns the error, *failed its index. */
static int vnet_txn_run(struct vnet_txn *t, u32 *failed)
{
	int err = 0;
	u32 i;

	t->undo = kvcalloc(t->count, sizeof(*t->undo), GFP_KERNEL);
	if (!t->undo) {
		*failed = t->count;
		return -ENOMEM;
	}
	INIT_LIST_HEAD(&t->kill_list);

	rtnl_lock();
	for (i = 0; i < t->count; i++) {
		err = vnet_op_apply(t, i);
		if (err)
			break;
		cond_resched();
	}
	*failed = err ? i : t->count;
	if (err) {
		while (i--)
			vnet_op_undo(t, i);
	} else {
		for (i = 0; i < t->count; i++)
			vnet_op_commit(t, i);
	}
	unregister_netdevice_many(&t->kill_list);
	rtnl_unlock();

	kvfree(t->undo);
	return err;
}

/* A single command: a transaction of one operation built from its argument. */
static int vnet_ioctl_single(struct vnet_file *vf, u32 cmd, void __user *argp,
			     bool write_back)
{
	size_t size = vnet_op_arg_size(cmd);
	struct vnet_op op = { .cmd = cmd };
	struct vnet_txn t = { .vf = vf, .ops = &op, .count = 1 };
	u32 failed;
	int err;

	if (copy_from_user(&op.u, argp, size))
		return -EFAULT;
	err = vnet_txn_run(&t, &failed);
	if (err)
		return err;
	if (write_back && copy_to_user(argp, &op.u, size))
		return -EFAULT;
	return 0;
}

static int vnet_batch_check(const struct vnet_batch *req)
{
	if (req->reserved)
		return -EINVAL;
	if (req->op_size != sizeof(struct vnet_op))
		return -EMSGSIZE;
	if (!req->count)
		return -EINVAL;
	if (req->count > VNET_BATCH_MAX_OPS)
		return -E2BIG;
	return 0;
}

static int vnet_ioctl_batch(struct vnet_file *vf, void __user *argp)
{
	struct vnet_txn t = { .vf = vf };
	struct vnet_batch req;
	size_t size;
	int err;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	/* Until an operation fails, the batch as a whole is to blame. */
	req.failed_index = req.count;
	err = vnet_batch_check(&req);
	if (err)
		goto out_report;

	size = array_size(req.count, sizeof(struct vnet_op));
	t.ops = vmemdup_user(u64_to_user_ptr(req.ops), size);
	if (IS_ERR(t.ops)) {
		err = PTR_ERR(t.ops);
		goto out_report;
	}
	t.count = req.count;

	err = vnet_txn_run(&t, &req.failed_index);
	if (!err && copy_to_user(u64_to_user_ptr(req.ops), t.ops, size))
		err = -EFAULT;
	kvfree(t.ops);
out_report:
	if (copy_to_user(argp, &req, sizeof(req)))
		err = err ?: -EFAULT;
	return err;
}

static int vnet_ioctl_version(void __user *argp)
{
	struct vnet_version ver;
	u32 caller;

	if (copy_from_user(&ver, argp, sizeof(ver)))
		return -EFAULT;
	if (ver.reserved)
		return -EINVAL;
	caller = ver.abi_version;
	ver.abi_version = VNET_ABI_VERSION;
	ver.features = VNET_FEATURES_ALL;
	ver.max_batch_ops = VNET_BATCH_MAX_OPS;
	if (copy_to_user(argp, &ver, sizeof(ver)))
		return -EFAULT;
	return caller && caller != VNET_ABI_VERSION ? -EPROTO : 0;
}

long vnet_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct vnet_file *vf = file->private_data;
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case VNET_IOC_VERSION:
		return vnet_ioctl_version(argp);
	case VNET_IOC_SEGMENT_ADD:
		return vnet_ioctl_single(vf, VNET_CMD_SEGMENT_ADD, argp, true);
	case VNET_IOC_SEGMENT_DEL:
		return vnet_ioctl_single(vf, VNET_CMD_SEGMENT_DEL, argp, false);
	case VNET_IOC_PORT_ADD:
		return vnet_ioctl_single(vf, VNET_CMD_PORT_ADD, argp, true);
	case VNET_IOC_PORT_DEL:
		return vnet_ioctl_single(vf, VNET_CMD_PORT_DEL, argp, false);
	case VNET_IOC_PORT_SET:
		return vnet_ioctl_single(vf, VNET_CMD_PORT_SET, argp, false);
	case VNET_IOC_LINK_ADD:
		return vnet_ioctl_single(vf, VNET_CMD_LINK_ADD, argp, true);
	case VNET_IOC_LINK_DEL:
		return vnet_ioctl_single(vf, VNET_CMD_LINK_DEL, argp, false);
	case VNET_IOC_BATCH:
		return vnet_ioctl_batch(vf, argp);
	case VNET_IOC_STATS:
		return vnet_ioctl_stats(vf, argp);
	case VNET_IOC_PORT_STATE:
		return vnet_ioctl_single(vf, VNET_CMD_PORT_STATE, argp, false);
	case VNET_IOC_LINK_SET:
		return vnet_ioctl_single(vf, VNET_CMD_LINK_SET, argp, false);
	case VNET_IOC_LINK_STATE:
		return vnet_ioctl_single(vf, VNET_CMD_LINK_STATE, argp, false);
	case VNET_IOC_PARTITION:
		return vnet_ioctl_partition(vf, argp);
	case VNET_IOC_CAPTURE:
		return vnet_ioctl_capture(vf, argp);
	case VNET_IOC_PROG:
		return vnet_ioctl_prog(vf, argp);
	default:
		return -ENOTTY;
	}
}

/* The file is being released: everything it made goes. */
void vnet_file_teardown(struct vnet_file *vf)
{
	struct vnet_lnk *link;
	struct vnet_seg *seg;
	struct vnet_priv *vp;
	LIST_HEAD(kill_list);
	int id;

	rtnl_lock();
	idr_for_each_entry(&vf->ports, vp, id)
		vnet_port_destroy(vp, &kill_list);
	idr_for_each_entry(&vf->links, link, id)
		vnet_link_destroy(vf, link);
	idr_for_each_entry(&vf->segs, seg, id)
		vnet_seg_destroy(vf, seg);
	unregister_netdevice_many(&kill_list);
	rtnl_unlock();
	vnet_partition_free(vf);
}
