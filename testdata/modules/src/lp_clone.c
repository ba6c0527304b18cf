// SPDX-License-Identifier: GPL-2.0
/*
 * lp_clone - klpcheck test module (KLP408, kernel verdict tier: clones).
 *
 * Covers: a function the compiler also emitted as a clone. On Debian 6.1 and
 * 6.12, fs/statfs.c's vfs_statfs() exists twice in kallsyms: vfs_statfs and
 * vfs_statfs.part.0.isra.0. Partial inlining put vfs_statfs's head (the
 * statfs_by_dentry() call) into its callers in fs/statfs.c, and statfs(2)
 * and fstatfs(2) (user_statfs(), fd_statfs()) call statfs_by_dentry() and
 * then the clone, which holds only the rest (setting f_flags), with the
 * arguments IPA-SRA chose. They never enter vfs_statfs. This patch replaces
 * only vfs_statfs, with a version that refuses every call with -EPERM: the
 * kernel accepts it, and statfs(2) keeps succeeding. klpcheck warns (KLP408).
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

static struct klp_func funcs[] = {
	{
		.old_name = "vfs_statfs",
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
MODULE_DESCRIPTION("klpcheck fixture: patches vfs_statfs but not its clone");
