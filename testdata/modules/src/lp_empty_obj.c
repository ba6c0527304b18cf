// SPDX-License-Identifier: GPL-2.0
/*
 * lp_empty_obj - klpcheck test module.
 *
 * Covers: an object whose funcs array holds only the terminating sentinel.
 *   object vmlinux:      cmdline_proc_show (a normal, valid entry)
 *   object klpc_target:  funcs = { { } } - no function at all
 * The funcs pointer is not NULL, so the static object walk
 * (klp_for_each_object_static) treats it as a real object; the object
 * patches nothing. No replace, no callbacks, no states.
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "cmdline patched by lp_empty_obj");
	return 0;
}

static struct klp_func vmlinux_funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = livepatch_cmdline_proc_show,
	}, { }
};

/* only the sentinel */
static struct klp_func empty_funcs[] = {
	{ }
};

static struct klp_object objs[] = {
	{
		/* name being NULL means vmlinux */
		.funcs = vmlinux_funcs,
	},
	{
		.name = "klpc_target",
		.funcs = empty_funcs,
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
MODULE_DESCRIPTION("klpcheck fixture: object with an empty funcs array");
