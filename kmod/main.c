// SPDX-License-Identifier: GPL-2.0
/*
 * vnet: a virtual network fabric between network namespaces.
 *
 * /dev/vnet hands out a private set of segments, ports and links to every
 * open file; releasing the file tears them all down.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "vnet_priv.h"

static int vnet_open(struct inode *inode, struct file *file)
{
	struct vnet_file *vf;

	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	vf = kzalloc(sizeof(*vf), GFP_KERNEL);
	if (!vf)
		return -ENOMEM;
	idr_init(&vf->segs);
	idr_init(&vf->ports);
	idr_init(&vf->links);
	file->private_data = vf;
	return 0;
}

static int vnet_release(struct inode *inode, struct file *file)
{
	struct vnet_file *vf = file->private_data;

	vnet_file_teardown(vf);
	idr_destroy(&vf->segs);
	idr_destroy(&vf->ports);
	idr_destroy(&vf->links);
	kfree(vf);
	return 0;
}

static const struct file_operations vnet_fops = {
	.owner		= THIS_MODULE,
	.open		= vnet_open,
	.release	= vnet_release,
	.unlocked_ioctl	= vnet_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice vnet_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= KBUILD_MODNAME,
	.fops	= &vnet_fops,
	.mode	= 0600,
};

static int __init vnet_init(void)
{
	int err;

	err = vnet_link_dev_init();
	if (err)
		return err;
	err = vnet_device_init();
	if (err)
		goto out_link_dev_exit;
	err = misc_register(&vnet_misc);
	if (err)
		goto out_device_exit;
	pr_info("ABI version %u\n", VNET_ABI_VERSION);
	return 0;

out_device_exit:
	vnet_device_exit();
out_link_dev_exit:
	vnet_link_dev_exit();
	return err;
}

static void __exit vnet_exit(void)
{
	misc_deregister(&vnet_misc);
	vnet_device_exit();
	/* Segments, links and MAC entries are freed after a grace period. */
	rcu_barrier();
	vnet_link_dev_exit();
}

module_init(vnet_init);
module_exit(vnet_exit);
MODULE_DESCRIPTION("Virtual network fabric between network namespaces");
MODULE_AUTHOR("The vnet authors");
MODULE_LICENSE("GPL");
