// SPDX-License-Identifier: GPL-2.0
/*
 * lp_datasym - klpcheck test module.
 *
 * Covers: a klp_func whose old_name names a data symbol of vmlinux
 * (jiffies_64, a 'D' symbol in Debian 6.1/6.12 kallsyms). Symbol lookup
 * succeeds; ftrace_location() then finds no call site and the kernel logs
 * "failed to find location for function 'jiffies_64'".
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

static u64 livepatch_jiffies_64(void)
{
	return 0;
}

static struct klp_func funcs[] = {
	{ .old_name = "jiffies_64", .new_func = livepatch_jiffies_64, },
	{ }
};

static struct klp_object objs[] = {
	{ .funcs = funcs, },
	{ }
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
MODULE_DESCRIPTION("klpcheck fixture: old_name names a data symbol");
