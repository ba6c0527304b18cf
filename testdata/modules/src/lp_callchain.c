// SPDX-License-Identifier: GPL-2.0
/*
 * lp_callchain - klpcheck test module.
 *
 * Covers: new code that calls, by name, another function the same patch
 * replaces. The patch replaces klpc_target_add and klpc_target_mul in the
 * klpc_target module; the new klpc_target_mul calls klpc_target_add (exported
 * by klpc_target), which the patch redirects to the new klpc_target_add once
 * enabled. Fine, and usually intended: klpcheck notes it (KLP602).
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

#include "klpc_target.h"

static noinline int livepatch_klpc_target_add(int a, int b)
{
	return a + b + 100;
}

static noinline int livepatch_klpc_target_mul(int a, int b)
{
	return klpc_target_add(a * b, 0);
}

static struct klp_func funcs[] = {
	{ .old_name = "klpc_target_add", .new_func = livepatch_klpc_target_add, },
	{ .old_name = "klpc_target_mul", .new_func = livepatch_klpc_target_mul, },
	{ }
};

static struct klp_object objs[] = {
	{ .name = "klpc_target", .funcs = funcs, },
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
MODULE_DESCRIPTION("klpcheck fixture: new code calls another function the patch replaces");
