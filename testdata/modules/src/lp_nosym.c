// SPDX-License-Identifier: GPL-2.0
/*
 * lp_nosym - klpcheck test module (kernel verdict tier, tests/kernel/).
 *
 * Covers: a target that does not exist. One object (vmlinux), one function
 * klpc_no_such_function, which no kernel has. The kernel refuses it at
 * klp_enable_patch() with "livepatch: symbol 'klpc_no_such_function' not
 * found in symbol table" and EINVAL. No replace, no callbacks, no states.
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

static int livepatch_klpc_no_such_function(void)
{
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "klpc_no_such_function",
		.new_func = livepatch_klpc_no_such_function,
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
MODULE_DESCRIPTION("klpcheck fixture: target symbol that does not exist");
