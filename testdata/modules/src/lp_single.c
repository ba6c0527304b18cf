// SPDX-License-Identifier: GPL-2.0
/*
 * lp_single - klpcheck test module.
 *
 * Covers: the minimal livepatch, as in samples/livepatch/livepatch-sample.c.
 * One object (vmlinux, klp_object.name == NULL), one function
 * (cmdline_proc_show, fs/proc/cmdline.c, ftrace-able in Debian 6.1 amd64),
 * no atomic replace, no callbacks, no states, old_sympos 0.
 * Layout: the real <linux/livepatch.h> of the headers it is built against
 * (5.5+ layout on 6.1 and 6.12).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "this has been live patched by lp_single");
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
MODULE_DESCRIPTION("klpcheck fixture: one vmlinux function");
