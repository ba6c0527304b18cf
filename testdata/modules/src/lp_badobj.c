// SPDX-License-Identifier: GPL-2.0
/*
 * lp_badobj - klpcheck test module.
 *
 * Covers: an object named like a file ("klpc_target.ko"). No module is ever
 * called that, so the kernel accepts the patch and never applies this object:
 * klpc_target_add keeps running its original code even after klpc_target loads.
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

static int livepatch_klpc_target_add(int a, int b)
{
	return a + b + 1000;
}

static struct klp_func funcs[] = {
	{ .old_name = "klpc_target_add", .new_func = livepatch_klpc_target_add, },
	{ }
};

static struct klp_object objs[] = {
	{ .name = "klpc_target.ko", .funcs = funcs, },
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
MODULE_DESCRIPTION("klpcheck fixture: object named like a file");
