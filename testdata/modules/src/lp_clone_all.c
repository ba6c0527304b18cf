// SPDX-License-Identifier: GPL-2.0
/*
 * lp_clone_all - klpcheck test module (KLP408 clean, kernel verdict tier: clones).
 *
 * Covers: the fix for lp_clone: vfs_statfs and its clone
 * vfs_statfs.part.0.isra.0, the clone by its kallsyms name. The clone is not
 * vfs_statfs with other arguments: it is the tail of vfs_statfs (setting
 * f_flags after statfs_by_dentry(), which its callers run themselves), so a
 * replacement written to vfs_statfs's prototype would be wrong for it. Its
 * replacement here takes no argument and only says that it ran: once
 * enabled, every statfs(2) logs "vfs_statfs.part.0.isra.0 replaced" (and
 * leaves f_flags unset). No KLP408 finding.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/statfs.h>

static int livepatch_vfs_statfs(const struct path *path, struct kstatfs *buf)
{
	pr_info("vfs_statfs replaced: -EPERM\n");
	return -EPERM;
}

/* The clone's calling convention is IPA-SRA's: take nothing, return nothing. */
static void livepatch_vfs_statfs_clone(void)
{
	pr_info("vfs_statfs.part.0.isra.0 replaced\n");
}

static struct klp_func funcs[] = {
	{
		.old_name = "vfs_statfs",
		.new_func = livepatch_vfs_statfs,
	}, {
		.old_name = "vfs_statfs.part.0.isra.0",
		.new_func = livepatch_vfs_statfs_clone,
	}, { }
};

static struct klp_object objs[] = {
	{
		/* name being NULL means vmlinux */
		.funcs = funcs,
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int livepatch_init(void)
{
	return klp_enable_patch(&patch);
}

static void livepatch_exit(void)
{
}

module_init(livepatch_init);
module_exit(livepatch_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpcheck fixture: patches vfs_statfs and its clone");
