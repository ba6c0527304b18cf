// SPDX-License-Identifier: GPL-2.0
/*
 * lp_notmarked - klpcheck test module.
 *
 * Covers: a well-formed livepatch (one vmlinux object, one function,
 * version_proc_show) that LACKS MODULE_INFO(livepatch, "Y"): no
 * "livepatch=Y" in .modinfo. The kernel refuses it in klp_enable_patch()
 * with "module %s is not marked as a livepatch module".
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

static int livepatch_version_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "version patched by lp_notmarked");
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "version_proc_show",
		.new_func = livepatch_version_proc_show,
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
/* deliberately no MODULE_INFO(livepatch, "Y") */
MODULE_DESCRIPTION("klpcheck fixture: livepatch without the livepatch modinfo marker");
