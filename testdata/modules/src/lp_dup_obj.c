// SPDX-License-Identifier: GPL-2.0
/*
 * lp_dup_obj - klpcheck test module.
 *
 * Covers: the same object (vmlinux, name NULL) listed twice, each with a
 * different function. klp_init_object() adds a kobject named "vmlinux" for
 * each; the second collides (-EEXIST) and the patch is refused.
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "cmdline patched by lp_dup_obj\n");
	return 0;
}

static int livepatch_version_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "version patched by lp_dup_obj\n");
	return 0;
}

static struct klp_func funcs_a[] = {
	{ .old_name = "cmdline_proc_show", .new_func = livepatch_cmdline_proc_show, },
	{ }
};

static struct klp_func funcs_b[] = {
	{ .old_name = "version_proc_show", .new_func = livepatch_version_proc_show, },
	{ }
};

static struct klp_object objs[] = {
	{ .funcs = funcs_a, },
	{ .funcs = funcs_b, },
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
MODULE_DESCRIPTION("klpcheck fixture: vmlinux object listed twice");
