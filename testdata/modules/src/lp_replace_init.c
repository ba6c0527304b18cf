// SPDX-License-Identifier: GPL-2.0
/*
 * lp_replace_init - klpcheck test module.
 *
 * Covers: klp_patch.replace set in the init function, not in the initializer: the static
 * struct klp_patch says replace = false, livepatch_init() stores true before calling
 * klp_enable_patch() (gcc: movb $1, patch+0x18(%rip)). The kernel sees true.
 * Same function as lp_single (cmdline_proc_show); no callbacks, no states.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "cmdline patched by lp_replace_init");
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
		.funcs = funcs,
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int livepatch_init(void)
{
	patch.replace = true;
	return klp_enable_patch(&patch);
}

static void livepatch_exit(void)
{
}

module_init(livepatch_init);
module_exit(livepatch_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
