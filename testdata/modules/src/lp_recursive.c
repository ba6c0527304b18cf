// SPDX-License-Identifier: GPL-2.0
/*
 * lp_recursive - klpcheck test module.
 *
 * Covers: a replacement function that calls the function it replaces BY
 * NAME. Object "klpc_target", function klpc_target_add (global, exported
 * with EXPORT_SYMBOL_GPL by klpc_target). livepatch_klpc_target_add()
 * calls klpc_target_add(), which the livepatch ftrace handler redirects
 * back to livepatch_klpc_target_add(): endless recursion once patched
 * (stack overflow; the call is not a tail call). The module therefore has
 * an undefined symbol klpc_target_add and depends on klpc_target.
 * No replace, no callbacks, no states.
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

#include "klpc_target.h"

static int livepatch_klpc_target_add(int a, int b)
{
	/* "call the old version and adjust": recurses into itself */
	return klpc_target_add(a, b) + 1;
}

static struct klp_func funcs[] = {
	{
		.old_name = "klpc_target_add",
		.new_func = livepatch_klpc_target_add,
	}, { }
};

static struct klp_object objs[] = {
	{
		.name = "klpc_target",
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
MODULE_DESCRIPTION("klpcheck fixture: replacement calls the replaced function by name");
