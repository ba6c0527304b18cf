// SPDX-License-Identifier: GPL-2.0
/*
 * lp_stack2 - klpcheck test module (kernel verdict tier, tests/kernel/).
 *
 * Covers: stacking of non-replace patches. Like lp_single it replaces
 * cmdline_proc_show (vmlinux, ftrace-able in Debian 6.1 and 6.12 amd64),
 * no replace, no callbacks, no states, old_sympos 0. Loaded after
 * lp_single, both stay enabled and the newest (this one) runs: reading
 * /proc/cmdline prints "cmdline patched by lp_stack2".
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "cmdline patched by lp_stack2");
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = livepatch_cmdline_proc_show,
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
MODULE_DESCRIPTION("klpcheck fixture: second non-replace patch of cmdline_proc_show");
