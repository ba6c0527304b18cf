// SPDX-License-Identifier: GPL-2.0
/*
 * lp_dup_func - klpcheck test module.
 *
 * Covers: the same function (meminfo_proc_show, old_sympos 0) listed twice
 * in one object (vmlinux), with two different replacement functions.
 * The kernel would try to create the sysfs entry "meminfo_proc_show,1"
 * twice. No replace, no callbacks, no states.
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

static int livepatch_meminfo_proc_show_a(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "meminfo patched by lp_dup_func (first entry)");
	return 0;
}

static int livepatch_meminfo_proc_show_b(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "meminfo patched by lp_dup_func (second entry)");
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "meminfo_proc_show",
		.new_func = livepatch_meminfo_proc_show_a,
	},
	{
		.old_name = "meminfo_proc_show",
		.new_func = livepatch_meminfo_proc_show_b,
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
MODULE_DESCRIPTION("klpcheck fixture: one function listed twice in an object");
