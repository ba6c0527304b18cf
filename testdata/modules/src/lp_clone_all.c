// SPDX-License-Identifier: GPL-2.0
/*
 * lp_clone_all - klpcheck test module (KLP408 clean, kernel verdict tier: clones).
 *
 * Covers: the fix for lp_clone: the same replacement for vfs_statfs and for
 * its clone vfs_statfs.part.0.isra.0, patched by its kallsyms name. The
 * replacement takes no argument it reads and returns an int, so it fits the
 * clone's calling convention too. Once enabled, statfs(2) fails with EPERM:
 * the fix reaches the callers of the clone. No KLP408 finding.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/statfs.h>

static int livepatch_vfs_statfs(const struct path *path, struct kstatfs *buf)
{
	return -EPERM;
}

static struct klp_func funcs[] = {
	{
		.old_name = "vfs_statfs",
		.new_func = livepatch_vfs_statfs,
	}, {
		.old_name = "vfs_statfs.part.0.isra.0",
		.new_func = livepatch_vfs_statfs,
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
